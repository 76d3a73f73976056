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
        EventPublisher publisher = new EventPublisher(TestKafka.bootstrapServers(), "publisher-send-all", 5000, 2,
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
}
