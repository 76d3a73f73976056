package io.crowdsurf.devstack.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * Dead-letters records that are not CloudEvents, once, in a consumer group of its own. Doing it per
 * Trigger would put one copy per Trigger into the DLQ; skipping it silently would hide producer bugs.
 */
final class InvalidRecordHandler implements RecordHandler {

    static final String GROUP = "crowdsurf-dispatcher.invalid-records";

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRecordHandler.class);

    private final KafkaWriter writer;
    private final String dlqTopic;

    InvalidRecordHandler(KafkaWriter writer, String dlqTopic) {
        this.writer = writer;
        this.dlqTopic = dlqTopic;
    }

    /**
     * Only records that do not read as a CloudEvent need handling; deciding it here, on the consumer's thread,
     * spares every valid record (nearly all of them) a worker and a chain.
     */
    @Override
    public boolean wants(ConsumerRecord<String, byte[]> record) {
        try {
            KafkaMessageFactory.createReader(record).toEvent();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        try {
            KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            writer.write(DeadLetters.notACloudEvent(dlqTopic, record, reason));
            LOG.error("record {}-{}@{} is not a CloudEvent, dead-lettered to {}: {}", record.topic(),
                    record.partition(), record.offset(), dlqTopic, reason);
        }
    }
}
