package io.crowdsurf.devstack.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Handles one record of {@code crowdsurf.events} to completion; returning means its offset may be committed. */
interface RecordHandler {

    /**
     * Whether the record needs {@link #handle} at all. False means it is finished as it is (a Trigger's filter
     * cannot match it): the consumer counts it done at once, without a worker, a chain or a slot. Called on the
     * consumer's own thread for every record, so it must be cheap and must not block.
     */
    default boolean wants(ConsumerRecord<String, byte[]> record) {
        return true;
    }

    /**
     * @throws InterruptedException when the dispatcher stops or the partition is taken away mid-record
     * @throws KafkaWriteException  when a dead letter or reply could not be written: the record must be retried
     */
    void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException;
}
