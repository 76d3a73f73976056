package io.crowdsurf.runtime.messaging;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.crowdsurf.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPublisherTest {

    @Test
    void producerAcceptsAnyLingerWithinTheTimeout() {
        for (int linger : List.of(0, 1, 5, 50, 999)) {
            EventPublisher publisher = new EventPublisher(TestKafka.bootstrapServers(), "publisher-test", 5000, linger, Optional.empty());
            CloudEvent event = CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "draw-" + linger, "/test", null,
                    "k", new QuizDrawRequested("c", linger));
            assertThat(publisher.publish(event).topic()).isEqualTo("publisher-test");
            publisher.close();
        }
    }

    @Test
    void withASigningKeyEveryEventCarriesAVerifiableSignature() {
        EventPublisher publisher = new EventPublisher(TestKafka.bootstrapServers(), "publisher-signed", 5000, 1,
                Optional.of("s3cret"));
        CloudEvent event = CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "signed-1", "/test", null, "k",
                new QuizDrawRequested("c", 3));
        publisher.publish(event);
        publisher.close();

        CloudEvent stored = TestKafka.readAll("publisher-signed").stream().map(KafkaCodec::fromRecord)
                .filter(e -> e.getId().equals("signed-1")).findFirst().orElseThrow();
        assertThat(EventSignature.verify("s3cret", stored.getId(), stored.getType(), stored.getSource().toString(),
                stored.getData().toBytes(), (String) stored.getExtension(EventSignature.EXTENSION))).isTrue();
    }

    @Test
    void sendAllReturnsOnlyWhenEveryRecordIsInKafka() {
        // The topic exists before the timed send: auto-creating it on a loaded machine can take the whole bound.
        String bootstrap = TestKafka.bootstrapServers(); // starts the broker
        TestKafka.createTopics(List.of("publisher-send-all"), 1);
        EventPublisher publisher = new EventPublisher(bootstrap, "publisher-send-all", 5000, 2,
                Optional.empty(), java.util.Map.of("compression.type", "lz4", "batch.size", 65536));
        List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            records.add(KafkaCodec.toRecord("publisher-send-all", CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED,
                    "bulk-" + i, "/test", null, "k" + (i % 7), new QuizDrawRequested("c", i))));
        }
        publisher.sendAll(records);
        publisher.close();

        assertThat(TestKafka.readAll("publisher-send-all").stream().map(KafkaCodec::fromRecord).map(CloudEvent::getId)
                .filter(id -> id.startsWith("bulk-")).distinct().count()).isEqualTo(250);
    }

    @Test
    void sendAllToUnreachableKafkaFailsWithinTheBound() {
        EventPublisher publisher = new EventPublisher("localhost:1", "t", 800, 1, Optional.empty());
        var record = KafkaCodec.toRecord("t", CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "x", "/test", null,
                "k", new QuizDrawRequested("c", 1)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> publisher.sendAll(List.of(record, record))).isInstanceOf(EventNotDurableException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        publisher.close();
    }

    @Test
    void unreachableKafkaFailsWithinTheBound() {
        EventPublisher publisher = new EventPublisher("localhost:1", "t", 800, 1, Optional.empty());
        CloudEvent event = CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "x", "/test", null, "k",
                new QuizDrawRequested("c", 1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(event)).isInstanceOf(EventNotDurableException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        publisher.close();
    }

    @Test
    void recordIsWhatPublishAllSendsSignedAndUnsigned() {
        java.time.OffsetDateTime time = java.time.OffsetDateTime.parse("2026-12-02T03:15:30.5Z");
        byte[] data = io.crowdsurf.events.EventJson.write(new QuizDrawRequested("c", 9));
        for (Optional<String> key : List.of(Optional.<String>empty(), Optional.of("s3cret"))) {
            EventPublisher publisher = new EventPublisher("localhost:1", "t", 800, 1, key);
            CloudEvent event = io.cloudevents.core.builder.CloudEventBuilder.v1().withId("r-1")
                    .withType(EventType.QUIZ_DRAW_REQUESTED.type()).withSource(java.net.URI.create("/test"))
                    .withTime(time).withDataContentType(CrowdsurfEvents.JSON).withData(data).withSubject("s")
                    .withExtension(CrowdsurfEvents.PARTITION_KEY, "k").withExtension(CrowdsurfEvents.COMMAND, "alerts")
                    .build();
            CloudEvent sent = key.map(k -> EventSignature.sign(k, event)).orElse(event);

            var fast = publisher.record(EventType.QUIZ_DRAW_REQUESTED, "r-1", "/test", "s", "k", time, data,
                    CrowdsurfEvents.COMMAND, "alerts");

            var sdk = KafkaCodec.toRecord("t", sent);
            assertThat(headers(fast)).as("signing key %s", key).isEqualTo(headers(sdk));
            assertThat(fast.key()).isEqualTo(sdk.key());
            assertThat(fast.value()).isEqualTo(sdk.value());
            assertThat(headers(fast).containsKey("ce_" + EventSignature.EXTENSION)).isEqualTo(key.isPresent());
            publisher.close();
        }
    }

    @Test
    void sendAllAsyncCompletesOnTheAcksAndTellsWhenSendingWillNotBlock() throws Exception {
        String bootstrap = TestKafka.bootstrapServers(); // starts the broker
        TestKafka.createTopics(List.of("publisher-async"), 1);
        EventPublisher publisher = new EventPublisher(bootstrap, "publisher-async", 5000, 1,
                Optional.empty());
        assertThat(publisher.sendsWithoutBlocking()).as("no ack yet: metadata may still be missing").isFalse();
        var records = List.of(
                publisher.record(EventType.QUIZ_DRAW_REQUESTED, "async-1", "/test", null, "k",
                        java.time.OffsetDateTime.now(), io.crowdsurf.events.EventJson.write(new QuizDrawRequested("c", 1))),
                publisher.record(EventType.QUIZ_DRAW_REQUESTED, "async-2", "/test", null, "j",
                        java.time.OffsetDateTime.now(), io.crowdsurf.events.EventJson.write(new QuizDrawRequested("c", 2))));

        publisher.sendAllAsync(records).get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(publisher.sendsWithoutBlocking()).isTrue();
        publisher.close();
        assertThat(TestKafka.readAll("publisher-async").stream().map(KafkaCodec::fromRecord).map(CloudEvent::getId)
                .filter(id -> id.startsWith("async-")).distinct().count()).isEqualTo(2);
    }

    @Test
    void sendAllAsyncToUnreachableKafkaFailsNotDurableWithinTheBound() {
        EventPublisher publisher = new EventPublisher("localhost:1", "t", 800, 1, Optional.empty());
        var record = KafkaCodec.toRecord("t", CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "x", "/test", null,
                "k", new QuizDrawRequested("c", 1)));
        long start = System.nanoTime();
        var acked = publisher.sendAllAsync(List.of(record));
        assertThatThrownBy(() -> acked.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(EventNotDurableException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(publisher.sendsWithoutBlocking()).isFalse();
        publisher.close();
    }

    private static java.util.Map<String, String> headers(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> r) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        r.headers().forEach(h -> assertThat(m.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)))
                .as(h.key() + " once").isNull());
        return m;
    }
}
