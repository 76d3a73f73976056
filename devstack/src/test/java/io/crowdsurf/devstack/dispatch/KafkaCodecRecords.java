package io.crowdsurf.devstack.dispatch;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.KafkaCodec;

/** Binary-mode records placed on a chosen partition, for tests about partitions. */
final class KafkaCodecRecords {

    private KafkaCodecRecords() {
    }

    static ProducerRecord<String, byte[]> onPartition(String topic, int partition, CloudEvent event) {
        ProducerRecord<String, byte[]> r = KafkaCodec.toRecord(topic, event);
        return new ProducerRecord<>(topic, partition, r.key(), r.value(), r.headers());
    }
}
