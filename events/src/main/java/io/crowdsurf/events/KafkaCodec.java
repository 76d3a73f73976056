package io.crowdsurf.events;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * CloudEvents on Kafka in binary content mode, as the Knative Kafka Broker stores them:
 * attributes as {@code ce_*} headers, the JSON data as the value, {@code content-type} header,
 * and the {@code partitionkey} extension as the record key.
 */
public final class KafkaCodec {

    private KafkaCodec() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent event) {
        String key = CrowdsurfEvents.partitionKey(event);
        return KafkaMessageFactory.<String>createWriter(topic, null, null, key).writeBinary(event);
    }

    /** The {@code ce_specversion} and {@code ce_type} header values, encoded once per type instead of once per record. */
    private static final byte[] SPEC_VERSION = "1.0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON_CONTENT_TYPE = CrowdsurfEvents.JSON.getBytes(StandardCharsets.UTF_8);
    private static final byte[][] TYPES = new byte[EventType.values().length][];

    static {
        for (EventType t : EventType.values()) {
            TYPES[t.ordinal()] = t.type().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The very record {@link #toRecord} writes for {@code CrowdsurfEvents.build(type, id, source, subject,
     * partitionKey, data)} with this {@code time} and already-serialized JSON {@code data}, built without the
     * CloudEvents SDK: for hot paths that write thousands of unsigned events per second (metrics-service's hits),
     * where building each event, then its headers, cost more than the JSON itself. {@code KafkaCodecTest} holds both
     * paths to the same headers, key and value.
     */
    public static ProducerRecord<String, byte[]> binaryRecord(String topic, EventType type, String id, String source,
            String subject, String partitionKey, OffsetDateTime time, byte[] data) {
        return binaryRecord(topic, type, id, source, subject, partitionKey, time, data, NO_EXTENSIONS);
    }

    private static final String[] NO_EXTENSIONS = new String[0];

    /**
     * {@link #binaryRecord(String, EventType, String, String, String, String, OffsetDateTime, byte[])} with further
     * CloudEvent extensions, as name/value pairs ({@code "crowdsurfsig", sig, "crowdsurfcommand", "alerts"}): each
     * becomes the {@code ce_<name>} header the SDK writes for {@code withExtension(name, value)}. bot-gateway's
     * webhooks, signed and occasionally commands, are written this way.
     */
    public static ProducerRecord<String, byte[]> binaryRecord(String topic, EventType type, String id, String source,
            String subject, String partitionKey, OffsetDateTime time, byte[] data, String... extensions) {
        if (extensions.length % 2 != 0) {
            throw new IllegalArgumentException("extensions are name/value pairs, got " + extensions.length + " strings");
        }
        Header[] headers = new Header[(subject == null ? 6 : 7) + (partitionKey == null ? 0 : 1) + extensions.length / 2];
        int n = 0;
        headers[n++] = new RecordHeader("ce_specversion", SPEC_VERSION);
        headers[n++] = new RecordHeader("ce_id", id.getBytes(StandardCharsets.UTF_8));
        headers[n++] = new RecordHeader("ce_source", source.getBytes(StandardCharsets.UTF_8));
        headers[n++] = new RecordHeader("ce_type", TYPES[type.ordinal()]);
        headers[n++] = new RecordHeader("content-type", JSON_CONTENT_TYPE);
        if (subject != null) {
            headers[n++] = new RecordHeader("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
        }
        headers[n++] = new RecordHeader("ce_time",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time).getBytes(StandardCharsets.UTF_8));
        if (partitionKey != null) {
            headers[n++] = new RecordHeader("ce_" + CrowdsurfEvents.PARTITION_KEY, partitionKey.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < extensions.length; i += 2) {
            headers[n++] = new RecordHeader("ce_" + extensions[i], extensions[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, null, partitionKey, data, new RecordHeaders(headers));
    }

    /**
     * Reads a record back into a CloudEvent.
     *
     * @throws EventContractException when the record is not a CloudEvent or its type is not in the catalog
     */
    public static CloudEvent fromRecord(ConsumerRecord<?, byte[]> record) {
        CloudEvent event;
        try {
            MessageReader reader = KafkaMessageFactory.createReader(record);
            event = reader.toEvent();
        } catch (RuntimeException e) {
            throw new EventContractException("record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a CloudEvent: " + e.getMessage(), e);
        }
        EventType.of(event.getType());
        return event;
    }
}
