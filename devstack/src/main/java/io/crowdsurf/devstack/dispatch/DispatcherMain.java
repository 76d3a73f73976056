package io.crowdsurf.devstack.dispatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.crowdsurf.devstack.kafka.KafkaTopics;
import io.crowdsurf.devstack.schedule.EventSender;
import io.crowdsurf.devstack.schedule.ScheduleLoader;
import io.crowdsurf.devstack.schedule.SchedulePlayer;

/**
 * {@code java -cp ... io.crowdsurf.devstack.dispatch.DispatcherMain [options]}; {@code ./crowdsurf up} starts it.
 * <pre>
 *   --bootstrap-servers HOST:PORT   default $KAFKA_BOOTSTRAP_SERVERS or localhost:9092
 *   --triggers PATH                 manifest file or directory, repeatable; default k8s/base
 *   --subscriber NAME=URL           where a Service runs, repeatable; also $CROWDSURF_SUBSCRIBER_NAME
 *   --topic NAME                    default crowdsurf.events
 *   --dlq-topic NAME                default crowdsurf.events.dlq
 *   --initial-offset earliest|latest  where a new Trigger starts reading; default earliest
 *   --max-in-flight N               per Trigger, HTTP deliveries in flight at once (different keys); default
 *                                   $CROWDSURF_DISPATCHER_MAX_IN_FLIGHT or 64; the ceiling of the adaptive limit
 *   --min-in-flight N               its floor while deliveries are slow (AimdLimit); default
 *                                   $CROWDSURF_DISPATCHER_MIN_IN_FLIGHT or max / 16; = max turns adaptation off
 *   --create-topics                 first wait for Kafka (up to 120 s) and create the devstack topics if missing
 *   --schedules PATH                also play the CronJobs of these manifests (schedule/SchedulePlayer)
 * </pre>
 */
public final class DispatcherMain {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherMain.class);
    private static final String CREATE_TOPICS = "--create-topics";
    private static final String SCHEDULES = "--schedules";
    static final String MAX_IN_FLIGHT_ENV = "CROWDSURF_DISPATCHER_MAX_IN_FLIGHT";
    static final String MIN_IN_FLIGHT_ENV = "CROWDSURF_DISPATCHER_MIN_IN_FLIGHT";

    private DispatcherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DispatcherConfig config;
        boolean createTopics = Arrays.asList(args).contains(CREATE_TOPICS);
        int schedulesAt = Arrays.asList(args).indexOf(SCHEDULES);
        Path schedules = schedulesAt >= 0 && schedulesAt + 1 < args.length ? Path.of(args[schedulesAt + 1]) : null;
        try {
            config = parse(Arrays.stream(args).filter(a -> !a.equals(CREATE_TOPICS)).filter(a -> schedules == null
                    || (!a.equals(SCHEDULES) && !a.equals(schedules.toString()))).toArray(String[]::new), System::getenv);
        } catch (IllegalArgumentException | TriggerManifestException e) {
            System.err.println("dispatcher: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (createTopics) {
            // Done here rather than by a separate JVM so ./crowdsurf up can start the dispatcher alongside Kafka.
            try {
                List<String> created = KafkaTopics.ensure(config.bootstrapServers(), KafkaTopics.TOPICS,
                        Duration.ofSeconds(120));
                LOG.info(created.isEmpty() ? "topics present" : "created topics {}", created);
            } catch (IllegalStateException e) {
                LOG.error("{}", e.getMessage());
                System.exit(1);
                return;
            }
        }
        if (config.triggers().isEmpty()) {
            LOG.warn("no Trigger manifests found: nothing will be delivered");
        }
        Dispatcher dispatcher = Dispatcher.start(config);
        if (schedules != null) {
            SchedulePlayer.start(ScheduleLoader.load(schedules), new EventSender(config.bootstrapServers(), config.topic(),
                    java.util.Optional.ofNullable(System.getenv("CROWDSURF_EVENTS_SIGNING_KEY"))), java.time.Clock.systemUTC());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            dispatcher.close();
            stopped.countDown();
        }, "dispatcher-shutdown"));
        if (dispatcher.awaitReady(Duration.ofSeconds(60))) {
            LOG.info("dispatcher ready: {} Trigger(s) on {} via {}", config.triggers().size(), config.topic(),
                    config.bootstrapServers());
        } else {
            LOG.warn("consumer groups not assigned after 60 s; still trying (is Kafka at {} up?)",
                    config.bootstrapServers());
        }
        stopped.await();
    }

    /** The configuration from arguments and environment; {@code env} is injectable for tests. */
    static DispatcherConfig parse(String[] args, UnaryOperator<String> env) {
        String bootstrap = env.apply("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            bootstrap = "localhost:9092";
        }
        List<Path> triggerPaths = new ArrayList<>();
        Map<String, String> subscribers = new LinkedHashMap<>();
        String topic = DispatcherConfig.EVENTS;
        String dlq = DispatcherConfig.DLQ;
        String initialOffset = "earliest";
        String maxInFlight = env.apply(MAX_IN_FLIGHT_ENV);
        String maxInFlightSource = MAX_IN_FLIGHT_ENV;
        if (maxInFlight == null || maxInFlight.isBlank()) {
            maxInFlight = Integer.toString(DispatcherConfig.DEFAULT_MAX_IN_FLIGHT);
        }
        String minInFlight = env.apply(MIN_IN_FLIGHT_ENV);
        String minInFlightSource = MIN_IN_FLIGHT_ENV;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--bootstrap-servers" -> bootstrap = value;
                case "--triggers" -> triggerPaths.add(Path.of(value));
                case "--subscriber" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0 || eq == value.length() - 1) {
                        throw new IllegalArgumentException("--subscriber takes NAME=URL, got " + value);
                    }
                    subscribers.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--topic" -> topic = value;
                case "--dlq-topic" -> dlq = value;
                case "--initial-offset" -> initialOffset = value;
                case "--max-in-flight" -> {
                    maxInFlight = value;
                    maxInFlightSource = "--max-in-flight";
                }
                case "--min-in-flight" -> {
                    minInFlight = value;
                    minInFlightSource = "--min-in-flight";
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (triggerPaths.isEmpty()) {
            triggerPaths.add(Path.of("k8s", "base"));
        }
        List<Trigger> triggers = TriggerLoader.load(triggerPaths);
        Set<String> services = new LinkedHashSet<>(SubscriberTable.DEFAULTS.keySet());
        triggers.stream().map(t -> t.subscriber().service()).filter(s -> s != null).forEach(services::add);
        int inFlight;
        try {
            inFlight = Integer.parseInt(maxInFlight.strip());
        } catch (NumberFormatException e) {
            inFlight = 0;
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException(maxInFlightSource + " must be a whole number of at least 1, got "
                    + maxInFlight);
        }
        int floor = DispatcherConfig.defaultMinInFlight(inFlight);
        if (minInFlight != null && !minInFlight.isBlank()) {
            try {
                floor = Integer.parseInt(minInFlight.strip());
            } catch (NumberFormatException e) {
                floor = 0;
            }
            if (floor < 1 || floor > inFlight) {
                throw new IllegalArgumentException(minInFlightSource + " must be a whole number from 1 to the max in "
                        + "flight (" + inFlight + "), got " + minInFlight);
            }
        }
        return new DispatcherConfig(bootstrap, topic, dlq, triggers, SubscriberTable.of(services, env, subscribers),
                initialOffset, inFlight, floor);
    }
}
