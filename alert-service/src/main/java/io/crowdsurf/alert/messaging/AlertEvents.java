package io.crowdsurf.alert.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.cloudevents.CloudEvent;
import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * What alert-service says on Kafka: {@code alert.opportunity.found/cancelled}, the {@code chat.reply.requested}
 * that tells the owner, and the batch {@code alert.evaluation.requested} a run is split into. Ids are
 * deterministic (from the opportunity, the command or the run), so publishing again after a crash or a
 * redelivery is recognised downstream (bot-gateway sends once per replyId). Waits for Kafka's acks.
 *
 * <p>A batch's found/cancelled events and replies (hundreds of thousands in a forecast refresh) skip the CloudEvents
 * SDK: each one's JSON is written once ({@link OpportunityJson}) straight into a record with the headers the SDK
 * writes ({@link KafkaCodec#binaryRecord}, signed as {@code EventSignature.sign} would when a signing key is set),
 * collected in {@link Notices}, handed to the producer {@value #CHUNK} records at a time as the batch computes, and
 * acknowledged with one wait per chunk at the batch's end ({@link EventPublisher#sendAllAsync}).
 */
@ApplicationScoped
public class AlertEvents {

    /** Events per publish call: bounds the wait for acks of one call. */
    static final int CHUNK = 2000;

    private final EventPublisher publisher;
    private final String source;
    public AlertEvents(EventPublisher publisher, AlertConfig config) {
        this.publisher = publisher;
        this.source = config.eventSource();
    }

    /** The id of an opportunity's found or cancelled event. */
    public static String eventId(boolean found, AlertOpportunity o) {
        return o.opportunityId() + (found ? ":found" : ":cancelled");
    }

    public static EventType type(boolean found) {
        return found ? EventType.ALERT_OPPORTUNITY_FOUND : EventType.ALERT_OPPORTUNITY_CANCELLED;
    }

    /** An empty set of notices for one batch (one event time for all of them). */
    public Notices notices() {
        return new Notices();
    }

    /**
     * Sends what is left of the notices and returns once Kafka acknowledged every one (the chunks already handed to
     * the producer by {@link Notices#add} included).
     *
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when it did not
     */
    public void send(Notices notices) {
        notices.flush();
        for (CompletableFuture<Void> acked : notices.sent) {
            EventPublisher.await(acked);
        }
    }

    /**
     * The found/cancelled events of one batch and their chat replies, as Kafka records. Every {@value #CHUNK} records
     * go to the producer as they are added (its I/O thread sends them while the batch computes the next cells; the
     * chunk before must have been acknowledged first), so a refresh batch does not hold 60,000–80,000 records (about
     * 100 MB) in the heap until its end; {@link #send} waits for the last acks. A crash or a refused chunk before the
     * batch saves its states repeats the same ids on the retry, as before. Not thread-safe.
     */
    public final class Notices {
        private final OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        private List<ProducerRecord<String, byte[]>> pending = new ArrayList<>();
        private final List<CompletableFuture<Void>> sent = new ArrayList<>();
        private int size;

        private Notices() {
        }

        /**
         * Adds the event of an opportunity found (or cancelled) and the reply that tells its owner — the same
         * headers, key and data as {@link #opportunity} and {@link #reply} give.
         *
         * @return the opportunity's JSON (a webhook's {@code data})
         * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when Kafka refused an earlier chunk (no use
         *         computing the rest of the batch: it is retried whole)
         */
        public byte[] add(boolean found, AlertOpportunity o, ChatReplyRequested reply) {
            byte[] data = OpportunityJson.write(o);
            pending.add(publisher.record(type(found), eventId(found, o), source, o.conversationId(),
                    o.conversationId(), time, data));
            pending.add(publisher.record(EventType.CHAT_REPLY_REQUESTED, reply.replyId(), source,
                    reply.conversationId(), reply.conversationId(), time, OpportunityJson.write(reply)));
            size += 2;
            if (pending.size() >= CHUNK) {
                flush();
            }
            return data;
        }

        private void flush() {
            // One chunk with the producer at a time, as when each chunk was sent and awaited in turn: the chunk before
            // is acknowledged before the next is handed over, so no record waits in the producer behind several
            // chunks (each record's delivery timeout is the publish timeout; a busy broker expired queued chunks).
            if (!sent.isEmpty()) {
                EventPublisher.await(sent.get(sent.size() - 1));
            }
            if (!pending.isEmpty()) {
                sent.add(publisher.sendAllAsync(pending));
                pending = new ArrayList<>();
            }
        }

        /** Events so far (two per opportunity). */
        public int size() {
            return size;
        }
    }

    public CloudEvent opportunity(boolean found, AlertOpportunity o) {
        return CrowdsurfEvents.build(type(found), eventId(found, o), source, o.conversationId(), o.conversationId(), o);
    }

    public CloudEvent reply(ChatReplyRequested reply) {
        return CrowdsurfEvents.build(EventType.CHAT_REPLY_REQUESTED, reply.replyId(), source, reply.conversationId(),
                reply.conversationId(), reply);
    }

    public CloudEvent batch(String runId, String reason, int batch, List<String> cells) {
        return CrowdsurfEvents.build(EventType.ALERT_EVALUATION_REQUESTED, runId + ":batch:" + batch, source, runId,
                runId + ":" + batch, new AlertEvaluationRequested(reason, Instant.now(), runId, batch, cells));
    }

    /** @throws io.crowdsurf.runtime.messaging.EventNotDurableException when Kafka does not acknowledge */
    public void publish(List<CloudEvent> events) {
        for (int i = 0; i < events.size(); i += CHUNK) {
            publisher.publishAll(new ArrayList<>(events.subList(i, Math.min(events.size(), i + CHUNK))));
        }
    }
}
