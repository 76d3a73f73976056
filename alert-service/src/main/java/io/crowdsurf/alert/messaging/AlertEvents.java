package io.crowdsurf.alert.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;
import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * What alert-service says on Kafka: {@code alert.opportunity.found/cancelled}, the {@code chat.reply.requested}
 * that tells the owner, and the batch {@code alert.evaluation.requested} a run is split into. Ids are
 * deterministic (from the opportunity, the command or the run), so publishing again after a crash or a
 * redelivery is recognised downstream (bot-gateway sends once per replyId). Waits for Kafka's acks.
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

    public CloudEvent opportunity(boolean found, AlertOpportunity o) {
        EventType type = found ? EventType.ALERT_OPPORTUNITY_FOUND : EventType.ALERT_OPPORTUNITY_CANCELLED;
        return CrowdsurfEvents.build(type, o.opportunityId() + (found ? ":found" : ":cancelled"), source,
                o.conversationId(), o.conversationId(), o);
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
