package io.crowdsurf.devstack.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Handles one record of {@code crowdsurf.events} to completion; returning means its offset may be committed. */
interface RecordHandler {

    /**
     * @throws InterruptedException when the dispatcher stops or the partition is taken away mid-record
     * @throws KafkaWriteException  when a dead letter or reply could not be written: the record must be retried
     */
    void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException;
}
