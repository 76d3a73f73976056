package io.crowdsurf.devstack.dispatch;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes and waits for the broker's acknowledgement, because offsets are committed only after that. */
final class KafkaWriter {

    private final Producer<String, byte[]> producer;

    KafkaWriter(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    void write(ProducerRecord<String, byte[]> record) throws InterruptedException {
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new KafkaWriteException("cannot write to " + record.topic() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
