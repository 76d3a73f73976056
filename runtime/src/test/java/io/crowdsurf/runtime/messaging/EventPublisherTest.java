package io.crowdsurf.runtime.messaging;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.crowdsurf.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPublisherTest {

    @Test
    void producerAcceptsAnyLingerWithinTheTimeout() {
        for (int linger : List.of(0, 1, 5, 50, 999)) {
            EventPublisher publisher = new EventPublisher(TestKafka.bootstrapServers(), "publisher-test", 5000, linger);
            CloudEvent event = CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "draw-" + linger, "/test", null,
                    "k", new QuizDrawRequested("c", linger));
            assertThat(publisher.publish(event).topic()).isEqualTo("publisher-test");
            publisher.close();
        }
    }

    @Test
    void unreachableKafkaFailsWithinTheBound() {
        EventPublisher publisher = new EventPublisher("localhost:1", "t", 800, 1);
        CloudEvent event = CrowdsurfEvents.build(EventType.QUIZ_DRAW_REQUESTED, "x", "/test", null, "k",
                new QuizDrawRequested("c", 1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(event)).isInstanceOf(EventNotDurableException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        publisher.close();
    }
}
