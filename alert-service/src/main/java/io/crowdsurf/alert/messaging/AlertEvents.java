package io.crowdsurf.alert.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
 * collected in {@link Notices} and sent with one wait for all acks per {@value #CHUNK} records
 * ({@link EventPublisher#sendAll}).
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
     * Sends the notices and returns once Kafka acknowledged every one.
     *
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when it did not
     */
    public void send(Notices notices) {
        List<ProducerRecord<String, byte[]>> records = notices.records;
        for (int i = 0; i < records.size(); i += CHUNK) {
            publisher.sendAll(records.subList(i, Math.min(records.size(), i + CHUNK)));
        }
    }

    /** The found/cancelled events of one batch and their chat replies, as Kafka records. Not thread-safe. */
    public final class Notices {
        private final OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

        private Notices() {
        }

        /**
         * Adds the event of an opportunity found (or cancelled) and the reply that tells its owner — the same
         * headers, key and data as {@link #opportunity} and {@link #reply} give.
         *
         * @return the opportunity's JSON (a webhook's {@code data})
         */
        public byte[] add(boolean found, AlertOpportunity o, ChatReplyRequested reply) {
            byte[] data = OpportunityJson.write(o);
            records.add(publisher.record(type(found), eventId(found, o), source, o.conversationId(),
                    o.conversationId(), time, data));
            records.add(publisher.record(EventType.CHAT_REPLY_REQUESTED, reply.replyId(), source,
                    reply.conversationId(), reply.conversationId(), time, OpportunityJson.write(reply)));
            return data;
        }

        /** Events so far (two per opportunity). */
        public int size() {
            return records.size();
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
