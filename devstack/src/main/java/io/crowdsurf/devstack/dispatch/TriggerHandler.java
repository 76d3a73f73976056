package io.crowdsurf.devstack.dispatch;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.crowdsurf.events.KafkaCodec;

/**
 * One Trigger's part of the broker: filter, deliver with retries, write the reply back, dead-letter what
 * cannot be delivered. Records that are not CloudEvents are skipped here; {@link InvalidRecordHandler}
 * dead-letters them once for all Triggers. Called concurrently for records of different keys; {@code slots}
 * bounds how many HTTP attempts of this Trigger are in flight at once (a key waiting out its backoff holds none),
 * adaptively: fewer while its deliveries are slow ({@link AimdLimit}).
 */
final class TriggerHandler implements RecordHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerHandler.class);

    private final Trigger trigger;
    private final URI url;
    private final HttpSender sender;
    private final KafkaWriter writer;
    private final String replyTopic;
    private final String dlqTopic;
    private final DeliverySlots slots;
    /** Whether the filter can be decided on the record's headers ({@link HeaderAttributes}): not if it reads time. */
    private final boolean filterOnHeaders;
    /** The attributes the filter reads: the only headers worth decoding for it. */
    private final java.util.Set<String> filterAttributes;
    /** Whether the last limit line said "floor" (so the next says "ceiling"). */
    private final java.util.concurrent.atomic.AtomicBoolean atFloor = new java.util.concurrent.atomic.AtomicBoolean();

    TriggerHandler(Trigger trigger, URI url, HttpSender sender, KafkaWriter writer, String replyTopic,
            String dlqTopic, int maxInFlight, int minInFlight) {
        this.trigger = trigger;
        this.url = url;
        this.sender = sender;
        this.writer = writer;
        this.replyTopic = replyTopic;
        this.dlqTopic = dlqTopic;
        // Fair: keys get their turn in the order they asked for it.
        this.slots = new DeliverySlots(AimdLimit.between(minInFlight, maxInFlight));
        this.filterAttributes = java.util.Set.copyOf(Filter.attributesOf(trigger.filter()));
        this.filterOnHeaders = !filterAttributes.contains("time");
    }

    /**
     * False for a binary-mode record the filter does not match, decided on its headers alone; everything else
     * (a match, a structured-mode record, a filter on time) goes to {@link #handle}, which parses the event and
     * decides again, so a record that is not a readable CloudEvent is still skipped there, as before.
     */
    @Override
    public boolean wants(ConsumerRecord<String, byte[]> record) {
        if (!filterOnHeaders) {
            return true;
        }
        Map<String, String> attributes = HeaderAttributes.of(record, filterAttributes);
        return attributes == null || trigger.filter().matches(attributes);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            return;
        }
        // A binary-mode record's headers give the same attributes as the parsed event (HeaderAttributes), without
        // printing its time again; only a filter on time, or a structured-mode record, needs the parsed event's.
        Map<String, String> attributes = filterOnHeaders ? HeaderAttributes.of(record, filterAttributes) : null;
        if (attributes == null) {
            attributes = EventAttributes.of(event);
        }
        if (!trigger.filter().matches(attributes)) {
            return;
        }
        DeliverySpec delivery = trigger.delivery();
        Attempt last = null;
        int attempts = 0;
        while (attempts < delivery.attempts()) {
            if (attempts > 0) {
                Duration wait = delivery.backoffBefore(attempts);
                Thread.sleep(wait);
            }
            slots.acquire();
            long started = System.nanoTime();
            last = null;
            try {
                last = sender.send(url, event, delivery.timeout());
            } finally {
                int before = slots.limit();
                slots.release(System.nanoTime() - started, last == null || last.status() == 0);
                logLimitChange(before, slots.limit());
            }
            attempts++;
            if (last.succeeded()) {
                LOG.info("{} delivered {} id={} to {}: HTTP {} (attempt {})", trigger.name(), event.getType(),
                        event.getId(), url, last.status(), attempts);
                reply(event, last);
                return;
            }
            LOG.warn("{} could not deliver {} id={} to {} (attempt {}/{}): {}", trigger.name(), event.getType(),
                    event.getId(), url, attempts, delivery.attempts(), last.describe());
            if (!last.retryable()) {
                break;
            }
        }
        deadLetter(record, event, last, attempts);
    }

    /**
     * Reaching the floor (first time since the ceiling) or the ceiling again (first time since the floor) is worth a
     * line; every other step, including the limit hovering just above the floor, only at debug.
     */
    private void logLimitChange(int before, int after) {
        if (after == before) {
            return;
        }
        boolean floorEdge = after == slots.min() && !atFloor.getAndSet(true);
        boolean ceilingEdge = after == slots.max() && atFloor.getAndSet(false);
        if (floorEdge) {
            LOG.info("{}: deliveries are slow, at most {} in flight now (the floor; was {})", trigger.name(), after,
                    before);
        } else if (ceilingEdge) {
            LOG.info("{}: deliveries are fast again, at most {} in flight (the ceiling)", trigger.name(), after);
        } else {
            LOG.debug("{}: at most {} deliveries in flight now (was {})", trigger.name(), after, before);
        }
    }

    private void reply(CloudEvent event, Attempt attempt) throws InterruptedException {
        if (attempt.failure() != null) {
            LOG.warn("{}: reply to {} id={} dropped: {}", trigger.name(), event.getType(), event.getId(),
                    attempt.failure());
        }
        if (attempt.reply() == null) {
            return;
        }
        writer.write(KafkaCodec.toRecord(replyTopic, attempt.reply()));
        LOG.info("{}: reply {} id={} written to {}", trigger.name(), attempt.reply().getType(),
                attempt.reply().getId(), replyTopic);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, CloudEvent event, Attempt last, int attempts)
            throws InterruptedException {
        if (!trigger.delivery().deadLetter()) {
            LOG.error("{}: {} id={} dropped after {} attempt(s), the Trigger has no deadLetterSink: {}",
                    trigger.name(), event.getType(), event.getId(), attempts, last.describe());
            return;
        }
        writer.write(DeadLetters.failedDelivery(dlqTopic, record, trigger.name(), url.toString(), last, attempts));
        LOG.error("{}: {} id={} dead-lettered to {} after {} attempt(s): {}", trigger.name(), event.getType(),
                event.getId(), dlqTopic, attempts, last.describe());
    }
}
