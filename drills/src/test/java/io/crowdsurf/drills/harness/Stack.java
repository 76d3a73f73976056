package io.crowdsurf.drills.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.crowdsurf.devstack.dispatch.DeliverySpec;
import io.crowdsurf.devstack.dispatch.Dispatcher;
import io.crowdsurf.devstack.dispatch.DispatcherConfig;
import io.crowdsurf.devstack.dispatch.SubscriberTable;
import io.crowdsurf.devstack.dispatch.Trigger;
import io.crowdsurf.devstack.dispatch.TriggerLoader;
import io.crowdsurf.testsupport.DurableKafka;
import io.crowdsurf.testsupport.FreePorts;
import io.crowdsurf.testsupport.HttpStub;
import io.crowdsurf.testsupport.OpenMeteoStub;
import io.crowdsurf.testsupport.ServiceProcess;
import io.crowdsurf.testsupport.TcpProxy;

/**
 * One drill's whole chat path on this machine, isolated from every other drill: its own Kafka broker
 * (restartable, data kept), its own MongoDB-wire server reached through a {@link TcpProxy} (so it can be
 * cut off without losing data), a Send API stub, bot-gateway and quiz-service as real processes, and the
 * devstack dispatcher routing by the real Trigger manifests, with an {@link HttpTap} in front of each
 * subscriber to count delivery attempts. Optionally metrics-service ({@link Builder#withMetrics()}) and
 * alert-service with the local Open-Meteo stub ({@link Builder#withAlerts()}, {@link Builder#alertsOnly()}).
 */
public final class Stack implements AutoCloseable {

    /** The key alert-service signs its form links with in a drill. */
    public static final String ALERT_LINK_KEY = "drill-alert-link-key";

    private final String name;
    private DurableKafka kafka;
    private MongoServer mongo;
    private int mongoPort;
    private TcpProxy mongoProxy;
    private SendApi sendApi;
    private HttpStub otherApis;
    private ServiceProcess gateway;
    private ServiceProcess quiz;
    private ServiceProcess metrics;
    private OpenMeteoStub openMeteo;
    private ServiceProcess alerts;
    private HttpTap alertsTap;
    private HttpTap gatewayTap;
    private HttpTap quizTap;
    private final UnaryOperator<DeliverySpec> delivery;
    private Dispatcher dispatcher;

    private Stack(Builder b) {
        this.name = b.name;
        this.delivery = b.delivery;
        try {
            init(b);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void init(Builder b) {
        kafka = new DurableKafka().start();
        mongoPort = FreePorts.next();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("localhost", mongoPort);
        mongoProxy = new TcpProxy("localhost", mongoPort);
        sendApi = new SendApi();
        otherApis = new HttpStub();
        otherApis.respond("/", HttpStub.Response.json(200, "{\"ok\":true,\"result\":{}}"));
        Map<String, String> common = new LinkedHashMap<>(Drills.secrets(sendApi.baseUrl(), otherApis.baseUrl() + "/slack",
                otherApis.baseUrl() + "/telegram"));
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://localhost:" + mongoProxy.port());
        common.put("QUARKUS_MONGODB_DATABASE", "crowdsurf");
        // Readiness and requests must notice a lost MongoDB within a drill's patience, not after 30 s.
        common.put("QUARKUS_MONGODB_SERVER_SELECTION_TIMEOUT", "2s");
        common.put("QUARKUS_MONGODB_CONNECT_TIMEOUT", "2s");
        common.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        gateway = b.gateway ? ServiceProcess.builder(name + "-bot-gateway", Drills.gatewayJar()).logDir(Drills.logs())
                .startTimeout(Drills.startTimeout()).env(common).env(b.gatewayEnv).build() : null;
        metrics = b.metrics ? ServiceProcess.builder(name + "-metrics-service", Drills.metricsJar())
                .logDir(Drills.logs()).startTimeout(Drills.startTimeout()).env(common).env(b.metricsEnv).build() : null;
        Map<String, String> quizEnv = new LinkedHashMap<>();
        if (metrics != null) {
            // quiz-service registers its campaigns' short links with this metrics-service, and its messages link here.
            quizEnv.put("QUIZ_LINKS_METRICS_URL", metrics.baseUrl());
            quizEnv.put("QUIZ_LINKS_PUBLIC_BASE", metrics.baseUrl());
        }
        quizEnv.putAll(b.quizEnv);
        quiz = b.quiz ? ServiceProcess.builder(name + "-quiz-service", Drills.quizJar()).logDir(Drills.logs())
                .startTimeout(Drills.startTimeout()).env(common).env(quizEnv).build() : null;
        if (b.alerts) {
            openMeteo = new OpenMeteoStub();
            alerts = ServiceProcess.builder(name + "-alert-service", Drills.alertJar()).logDir(Drills.logs())
                    .startTimeout(Drills.startTimeout()).env(common)
                    .env("ALERT_LINK_SIGNING_KEY", ALERT_LINK_KEY).env("OPEN_METEO_URL", openMeteo.baseUrl())
                    .env("ALERT_FORECAST_BACKOFF", "PT0.05S").build();
            alertsTap = new HttpTap(alerts.baseUrl());
        }
        gatewayTap = gateway == null ? null : new HttpTap(gateway.baseUrl());
        quizTap = quiz == null ? null : new HttpTap(quiz.baseUrl());
        startServices();
        if (b.dispatcher) {
            startDispatcher();
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private void startServices() {
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (ServiceProcess p : new ServiceProcess[] {gateway, quiz, metrics, alerts}) {
            if (p != null) {
                starts.add(CompletableFuture.runAsync(p::start));
            }
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts the dispatcher with the manifests' Triggers, subscribers behind the taps. */
    public void startDispatcher() {
        Map<String, String> subscribers = new HashMap<>(SubscriberTable.DEFAULTS);
        // Only the services behind a tap get deliveries: a Trigger of a service this drill does not run (alert-service,
        // metrics-service's chat rollups) would otherwise fail against the default localhost port and dead-letter.
        Set<String> running = new java.util.HashSet<>();
        if (gatewayTap != null) {
            // One gateway process with both roles: the reply Trigger's Service (bot-gateway-replies) is it too.
            subscribers.put("bot-gateway", gatewayTap.baseUrl());
            subscribers.put("bot-gateway-replies", gatewayTap.baseUrl());
            running.add("bot-gateway");
            running.add("bot-gateway-replies");
        }
        if (quizTap != null) {
            subscribers.put("quiz-service", quizTap.baseUrl());
            running.add("quiz-service");
        }
        if (alertsTap != null) {
            subscribers.put("alert-service", alertsTap.baseUrl());
            running.add("alert-service");
        }
        List<Trigger> triggers = TriggerLoader.load(List.of(Drills.triggers())).stream()
                .filter(t -> t.subscriber().service() == null || running.contains(t.subscriber().service()))
                .map(t -> new Trigger(t.name(), t.filter(), t.subscriber(), delivery.apply(t.delivery()), t.origin()))
                .toList();
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
    }

    public String name() {
        return name;
    }

    public DurableKafka kafka() {
        return kafka;
    }

    public TcpProxy mongoProxy() {
        return mongoProxy;
    }

    public String mongoDirectUrl() {
        return "mongodb://localhost:" + mongoPort;
    }

    public SendApi sendApi() {
        return sendApi;
    }

    public HttpStub otherApis() {
        return otherApis;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    public ServiceProcess quiz() {
        return quiz;
    }

    /** metrics-service, when the drill asked for it ({@link Builder#withMetrics()}), else null. */
    public ServiceProcess metrics() {
        return metrics;
    }

    /** alert-service, when the drill asked for it ({@link Builder#withAlerts()}), else null. */
    public ServiceProcess alerts() {
        return alerts;
    }

    /** The tap in front of alert-service (deliveries from the dispatcher), else null. */
    public HttpTap alertsTap() {
        return alertsTap;
    }

    /** The Open-Meteo stub alert-service fetches forecasts from, when it runs, else null. */
    public OpenMeteoStub openMeteo() {
        return openMeteo;
    }

    public HttpTap gatewayTap() {
        return gatewayTap;
    }

    public HttpTap quizTap() {
        return quizTap;
    }

    public Messenger messenger(String pageId) {
        return new Messenger(gateway.baseUrl(), Drills.APP_SECRET, pageId);
    }

    public QuizAdmin admin() {
        return new QuizAdmin(quiz.baseUrl(), Drills.ADMIN_TOKEN);
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        for (ServiceProcess p : new ServiceProcess[] {gateway, quiz, metrics, alerts}) {
            if (p != null) {
                p.kill();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {gatewayTap, quizTap, alertsTap, openMeteo, sendApi, otherApis, mongoProxy}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What a drill needs running. */
    public static final class Builder {
        private final String name;
        private boolean gateway = true;
        private boolean quiz = true;
        private boolean dispatcher = true;
        private final Map<String, String> gatewayEnv = new HashMap<>();
        private final Map<String, String> quizEnv = new HashMap<>();
        private boolean metrics;
        private boolean alerts;
        private final Map<String, String> metricsEnv = new HashMap<>();
        private UnaryOperator<DeliverySpec> delivery = UnaryOperator.identity();

        private Builder(String name) {
            this.name = name;
        }

        public Builder withoutQuiz() {
            quiz = false;
            return this;
        }

        public Builder withoutGateway() {
            gateway = false;
            return this;
        }

        public Builder withoutDispatcher() {
            dispatcher = false;
            return this;
        }

        /** Also runs metrics-service (off by default: the chat drills do not need it). */
        public Builder withMetrics() {
            metrics = true;
            return this;
        }

        /** Also runs alert-service and the Open-Meteo stub it reads forecasts from. */
        public Builder withAlerts() {
            alerts = true;
            return this;
        }

        /** alert-service alone (with the dispatcher for its Triggers unless {@link #withoutDispatcher()}). */
        public Builder alertsOnly() {
            return withoutGateway().withoutQuiz().withAlerts();
        }

        public Builder metricsEnv(String key, String value) {
            metricsEnv.put(key, value);
            return this;
        }

        public Builder gatewayEnv(String key, String value) {
            gatewayEnv.put(key, value);
            return this;
        }

        public Builder quizEnv(String key, String value) {
            quizEnv.put(key, value);
            return this;
        }

        /** Changes the Triggers' delivery spec (e.g. a longer retry budget for restarts); default as in k8s/. */
        public Builder delivery(UnaryOperator<DeliverySpec> change) {
            delivery = change;
            return this;
        }

        public Stack start() {
            return new Stack(this);
        }
    }
}
