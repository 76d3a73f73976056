package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.testsupport.TestKafka;

/**
 * A dispatcher on the shared test broker with topics of its own (so tests never see each other's records),
 * routing by Trigger manifests written as YAML, exactly as in k8s/base.
 */
final class DispatcherHarness implements AutoCloseable {

    final String topic = "events-" + UUID.randomUUID();
    final String dlq = topic + ".dlq";
    private final Path dir;
    private final Map<String, String> subscribers;
    private final KafkaProducer<String, byte[]> producer;
    private Dispatcher dispatcher;
    private int maxInFlight = DispatcherConfig.DEFAULT_MAX_IN_FLIGHT;

    /** @param subscribers Service name → base URL (usually an HttpStub) */
    DispatcherHarness(Path dir, Map<String, String> subscribers) {
        this.dir = dir;
        this.subscribers = subscribers;
        // Starts the shared broker first: createTopics talks to whatever port it has.
        String bootstrap = TestKafka.bootstrapServers();
        TestKafka.createTopics(List.of(topic, dlq), 2);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** A Trigger manifest of the shape in k8s/base/triggers, filtering on {@code type}. */
    static String trigger(String name, String type, String service, String delivery) {
        return """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: %s
                spec:
                  broker: crowdsurf
                  filter:
                    attributes:
                      type: %s
                  subscriber:
                    ref:
                      apiVersion: serving.knative.dev/v1
                      kind: Service
                      name: %s
                %s""".formatted(name, type, service, delivery.indent(2));
    }

    static String delivery(int retry, String policy, String delay) {
        return """
                delivery:
                  retry: %d
                  backoffPolicy: %s
                  backoffDelay: %s
                  deadLetterSink:
                    ref:
                      apiVersion: eventing.knative.dev/v1alpha1
                      kind: KafkaSink
                      name: crowdsurf-dlq
                """.formatted(retry, policy, delay);
    }

    DispatcherHarness withManifest(String fileName, String yaml) {
        try {
            Files.writeString(dir.resolve(fileName), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    DispatcherHarness withMaxInFlight(int max) {
        this.maxInFlight = max;
        return this;
    }

    DispatcherHarness start() throws InterruptedException {
        List<Trigger> triggers = TriggerLoader.load(List.of(dir));
        dispatcher = Dispatcher.start(new DispatcherConfig(TestKafka.bootstrapServers(), topic, dlq, triggers,
                new SubscriberTable(subscribers), "earliest", maxInFlight));
        if (!dispatcher.awaitReady(Duration.ofSeconds(30))) {
            throw new AssertionError("dispatcher consumer groups not assigned");
        }
        return this;
    }

    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
    }

    static CloudEvent event(String type, String id, String partitionKey) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withType(type)
                .withSource(URI.create("/crowdsurf/test"))
                .withSubject("subject-" + id)
                .withDataContentType("application/json")
                .withData(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
                .withExtension("partitionkey", partitionKey)
                .build();
    }

    void send(CloudEvent event) {
        send(KafkaCodec.toRecord(topic, event));
    }

    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    List<ConsumerRecord<String, byte[]>> events() {
        return TestKafka.readAll(topic);
    }

    List<ConsumerRecord<String, byte[]>> deadLetters() {
        return TestKafka.readAll(dlq);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }
}
