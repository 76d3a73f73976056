package io.crowdsurf.devstack.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key, value and headers (so the event can be replayed as it was),
 * plus why it failed. The {@code knativeerror*} attributes are the extensions Knative adds to an event it
 * dead-letters; in Kafka binary mode extensions are {@code ce_}-prefixed headers, so the dead letter stays a
 * valid CloudEvent. The {@code crowdsurf_*} headers are for people reading the DLQ.
 */
public final class DeadLetters {

    public static final String ERROR_DEST = "ce_knativeerrordest";
    public static final String ERROR_CODE = "ce_knativeerrorcode";
    public static final String ERROR_DATA = "ce_knativeerrordata";
    public static final String TRIGGER = "crowdsurf_trigger";
    public static final String SUBSCRIBER = "crowdsurf_subscriber";
    public static final String ATTEMPTS = "crowdsurf_attempts";
    public static final String REASON = "crowdsurf_reason";

    private static final List<String> OURS = List.of(ERROR_DEST, ERROR_CODE, ERROR_DATA, TRIGGER, SUBSCRIBER,
            ATTEMPTS, REASON);
    /** Knative also caps the response body it attaches. */
    private static final int MAX_ERROR_DATA = 1024;

    private DeadLetters() {
    }

    /** A delivery that failed for good. */
    static ProducerRecord<String, byte[]> failedDelivery(String dlqTopic, ConsumerRecord<String, byte[]> record,
            String trigger, String url, Attempt last, int attempts) {
        Headers headers = original(record);
        put(headers, ERROR_DEST, url);
        if (last.status() > 0) {
            put(headers, ERROR_CODE, Integer.toString(last.status()));
        }
        if (last.body().length > 0) {
            byte[] data = Arrays.copyOf(last.body(), Math.min(last.body().length, MAX_ERROR_DATA));
            put(headers, ERROR_DATA, Base64.getEncoder().encodeToString(data));
        }
        put(headers, TRIGGER, trigger);
        put(headers, SUBSCRIBER, url);
        put(headers, ATTEMPTS, Integer.toString(attempts));
        put(headers, REASON, last.describe());
        return new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers);
    }

    /** A record that is not a CloudEvent at all, so no Trigger can even look at it. */
    static ProducerRecord<String, byte[]> notACloudEvent(String dlqTopic, ConsumerRecord<String, byte[]> record,
            String reason) {
        Headers headers = original(record);
        put(headers, REASON, "not a CloudEvent (" + record.topic() + "-" + record.partition() + "@"
                + record.offset() + "): " + reason);
        return new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers);
    }

    private static Headers original(ConsumerRecord<String, byte[]> record) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        // A replayed dead letter that fails again describes its latest failure only.
        OURS.forEach(headers::remove);
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
