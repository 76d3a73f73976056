package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real in-process KRaft broker of its own (not the JVM-wide {@link TestKafka}) that keeps its data,
 * cluster id and ports across {@link #stop()} / {@link #start()}, as a restarted Kafka node does.
 * Fault drills use it to take Kafka away without disturbing other tests and to count records written
 * before, during and after the outage.
 */
public final class DurableKafka implements AutoCloseable {

    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path logDir;
    private EmbeddedKafkaBroker broker;

    public DurableKafka() {
        try {
            logDir = Files.createTempDirectory("durable-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public synchronized boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    /** Starts (or restarts) the broker on the same ports with the same data and creates Crowdsurf's topics. */
    public synchronized DurableKafka start() {
        if (isRunning()) {
            return this;
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dir", logDir.toString());
                    KafkaProbe.singleNodeDefaults(p);
                })
                .start();
        createTopics(TestKafka.TOPICS, 4);
        return this;
    }

    /** Stops the broker (clean shutdown); data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public void createTopics(List<String> names, int partitions) {
        KafkaProbe.createTopics(bootstrapServers(), names, partitions);
    }

    /** Every record now in {@code topic}; see {@link KafkaProbe}. */
    public List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(String topic) {
        return KafkaProbe.readAll(bootstrapServers(), topic);
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir; best effort
        }
    }

    @Override
    public String toString() {
        return "DurableKafka[" + bootstrapServers() + ", cluster " + clusterId + ", " + UUID.nameUUIDFromBytes(logDir.toString().getBytes()) + "]";
    }
}
