package io.crowdsurf.quiz.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.Reply;
import io.crowdsurf.quiz.domain.StoredEvent;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * What quiz-service says: {@code chat.reply.requested} and {@code quiz.ticket.awarded}. Events are first
 * built as {@link StoredEvent}s (kept in the fan document with the state change), then published; ids are
 * deterministic, so publishing the same stored event again is harmless downstream (bot-gateway sends once
 * per {@code replyId}).
 */
@ApplicationScoped
public class QuizEvents {

    private final EventPublisher publisher;
    private final String source;

    public QuizEvents(EventPublisher publisher) {
        this.publisher = publisher;
        this.source = Service.QUIZ_SERVICE.source();
    }

    /**
     * @param replyId           deterministic: {@code <incoming event id>:<n>}
     * @param lastUserMessageAt when the fan last wrote (Messenger's 24-hour window)
     * @param messageTag        Messenger tag for messages outside the window, or null
     */
    public StoredEvent reply(Fan fan, String replyId, Reply reply, Instant lastUserMessageAt, String messageTag) {
        return reply(fan.platform(), fan.botId(), fan.userId(), fan.conversationId(), replyId, reply, lastUserMessageAt,
                messageTag);
    }

    public StoredEvent reply(Platform platform, String botId, String userId, String conversationId, String replyId,
            Reply reply, Instant lastUserMessageAt, String messageTag) {
        ChatReplyRequested data = new ChatReplyRequested(replyId, platform, botId, userId, conversationId,
                reply.text(), reply.choices(), null, lastUserMessageAt, messageTag);
        return new StoredEvent(EventType.CHAT_REPLY_REQUESTED.type(), replyId,
                new String(EventJson.write(data), StandardCharsets.UTF_8));
    }

    public StoredEvent awarded(Fan fan, Ticket ticket) {
        // The event's fanId is the fan's identity, which is their conversation id (as in tickets).
        String fanId = fan.conversationId();
        QuizTicketAwarded data = new QuizTicketAwarded(ticket.campaignId(), ticket.poolId(), ticket.poolName(),
                fanId, fan.platform(), fan.conversationId(), ticket.code(), ticket.awardedAt());
        return new StoredEvent(EventType.QUIZ_TICKET_AWARDED.type(), "ticket:" + ticket.campaignId() + ":" + fan.conversationId(),
                new String(EventJson.write(data), StandardCharsets.UTF_8));
    }

    /**
     * Publishes and waits for Kafka's acks.
     *
     * @param conversationId subject and partition key: one fan's events stay in order
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when Kafka does not acknowledge
     */
    public void publish(List<StoredEvent> events, String conversationId) {
        if (events.isEmpty()) {
            return;
        }
        List<CloudEvent> out = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            EventType type = EventType.of(e.type());
            Object data = EventJson.read(e.data().getBytes(StandardCharsets.UTF_8), type.dataClass());
            out.add(CrowdsurfEvents.build(type, e.id(), source, conversationId, conversationId, data));
        }
        publisher.publishAll(out);
    }
}
