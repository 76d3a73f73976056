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
