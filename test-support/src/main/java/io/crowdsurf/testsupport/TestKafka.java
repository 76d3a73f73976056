package io.crowdsurf.testsupport;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real, in-process KRaft Kafka broker shared by every test in one JVM.
 * It keeps its port across {@link #stop()} / {@link #start()} so fault drills can take Kafka away
 * and give it back while clients keep their bootstrap address.
 */
public final class TestKafka {

    public static final List<String> TOPICS = List.of("crowdsurf.events", "crowdsurf.hits", "crowdsurf.events.dlq");

    private static EmbeddedKafkaBroker broker;
    private static int port;

    private TestKafka() {
    }

    /** Starts the broker (once per JVM) and returns its bootstrap address. */
    public static synchronized String bootstrapServers() {
        if (broker == null || !broker.isRunning()) {
            start();
        }
        return "localhost:" + port;
    }

    public static synchronized void start() {
        if (broker != null && broker.isRunning()) {
            return;
        }
        if (port == 0) {
            port = FreePorts.next();
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(KafkaProbe::singleNodeDefaults)
                .start();
        createTopics(TOPICS, 4);
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop));
    }

    /** Stops the broker; its data goes with it. */
    public static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public static boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    public static void createTopics(List<String> names, int partitions) {
        KafkaProbe.createTopics("localhost:" + port, names, partitions);
    }

    /** Every record currently in a topic, read from the beginning by a fresh consumer. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return KafkaProbe.readAll(bootstrapServers(), topic);
    }
}
