package io.crowdsurf.drills.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.crowdsurf.devstack.dispatch.Dispatcher;
import io.crowdsurf.devstack.dispatch.DispatcherConfig;
import io.crowdsurf.devstack.dispatch.SubscriberTable;
import io.crowdsurf.devstack.dispatch.Trigger;
import io.crowdsurf.devstack.dispatch.TriggerLoader;
import io.crowdsurf.testsupport.DurableKafka;
import io.crowdsurf.testsupport.FreePorts;
import io.crowdsurf.testsupport.OpenMeteoStub;
import io.crowdsurf.testsupport.ServiceProcess;
import io.crowdsurf.testsupport.TcpProxy;

/**
 * alert-service's drill stack: its own Kafka broker (restartable, data kept), a MongoDB-wire server behind a
 * {@link TcpProxy}, the local Open-Meteo stub, alert-service as a packaged process and, on request, the devstack
 * dispatcher routing by the real Trigger manifests (alert-service's Triggers only; the bot is not part of it).
 */
public final class AlertStack implements AutoCloseable {

    public static final String LINK_KEY = "drill-alert-link-key";

    private final DurableKafka kafka;
    private final MongoServer mongo;
    private final TcpProxy mongoProxy;
    private final OpenMeteoStub openMeteo;
    private final ServiceProcess alerts;
    private HttpTap tap;
    private Dispatcher dispatcher;

    public AlertStack(String name) {
        kafka = new DurableKafka().start();
        int mongoPort = FreePorts.next();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("localhost", mongoPort);
        mongoProxy = new TcpProxy("localhost", mongoPort);
        openMeteo = new OpenMeteoStub();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://localhost:" + mongoProxy.port());
        env.put("QUARKUS_MONGODB_SERVER_SELECTION_TIMEOUT", "2s");
        env.put("QUARKUS_MONGODB_CONNECT_TIMEOUT", "2s");
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        env.put("CROWDSURF_ADMIN_TOKEN", Drills.ADMIN_TOKEN);
        env.put("CROWDSURF_EVENTS_SIGNING_KEY", Drills.EVENTS_SIGNING_KEY);
        env.put("ALERT_LINK_SIGNING_KEY", LINK_KEY);
        env.put("OPEN_METEO_URL", openMeteo.baseUrl());
        env.put("ALERT_FORECAST_BACKOFF", "PT0.05S");
        alerts = ServiceProcess.builder(name + "-alert-service", Drills.alertJar()).logDir(Drills.logs()).env(env).build();
        alerts.start();
    }

    /** Starts the dispatcher for alert-service's Triggers, delivering through an {@link HttpTap}. */
    public AlertStack withDispatcher() {
        tap = new HttpTap(alerts.baseUrl());
        Map<String, String> subscribers = new HashMap<>(SubscriberTable.DEFAULTS);
        subscribers.put("alert-service", tap.baseUrl());
        List<Trigger> triggers = TriggerLoader.load(List.of(Drills.triggers())).stream()
                .filter(t -> "alert-service".equals(t.subscriber().service())).toList();
        dispatcher = Dispatcher.start(new DispatcherConfig(kafka.bootstrapServers(), DispatcherConfig.EVENTS,
                DispatcherConfig.DLQ, triggers, new SubscriberTable(subscribers), "earliest"));
        try {
            if (!dispatcher.awaitReady(Duration.ofSeconds(30))) {
                throw new IllegalStateException("dispatcher consumer groups not assigned within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    public DurableKafka kafka() {
        return kafka;
    }

    public TcpProxy mongoProxy() {
        return mongoProxy;
    }

    public OpenMeteoStub openMeteo() {
        return openMeteo;
    }

    public ServiceProcess alerts() {
        return alerts;
    }

    public HttpTap tap() {
        return tap;
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (tap != null) {
            tap.close();
        }
        alerts.close();
        openMeteo.close();
        mongoProxy.close();
        mongo.shutdownNow();
        kafka.close();
    }
}
