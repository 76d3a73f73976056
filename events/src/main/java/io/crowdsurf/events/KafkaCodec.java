package io.crowdsurf.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

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
