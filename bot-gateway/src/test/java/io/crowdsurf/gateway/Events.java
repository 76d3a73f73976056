package io.crowdsurf.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.testsupport.TestKafka;

/** Reads what reached Kafka's crowdsurf.events, through the same binary-mode codec every consumer uses. */
public final class Events {

    public static final String TOPIC = "crowdsurf.events";

    private Events() {
    }

    public static List<CloudEvent> all() {
        return TestKafka.readAll(TOPIC).stream().map(KafkaCodec::fromRecord).toList();
    }

    public static List<CloudEvent> withId(String id) {
        return TestKafka.readAll(TOPIC).stream().filter(r -> id.equals(header(r, "ce_id")))
                .map(KafkaCodec::fromRecord).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> recordsWithId(String id) {
        return TestKafka.readAll(TOPIC).stream().filter(r -> id.equals(header(r, "ce_id"))).toList();
    }

    public static List<CloudEvent> matching(Predicate<CloudEvent> filter) {
        return all().stream().filter(filter).toList();
    }

    /** Polls until {@code count} events with this id are in Kafka; returns them. */
    public static List<CloudEvent> await(String id, int count) {
        return await(() -> withId(id), count);
    }

    public static List<CloudEvent> await(java.util.function.Supplier<List<CloudEvent>> query, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<CloudEvent> found = query.get();
        while (found.size() < count && System.nanoTime() < deadline) {
            sleep(50);
            found = query.get();
        }
        return found;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
