package io.crowdsurf.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyFailed;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.SendResult;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * Publishes the final outcome of a reply: {@code chat.reply.delivered} or {@code chat.reply.failed}, with ids
 * derived from the replyId so a re-publication is recognisably the same event.
 */
@ApplicationScoped
public class ReplyOutcomePublisher {

    private final EventPublisher publisher;

    public ReplyOutcomePublisher(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** @throws IllegalStateException for a {@link SendResult.Retryable}, which is not an outcome */
    public void publish(ChatReplyRequested reply, Platform platform, SendResult result, int attempts) {
        publisher.publish(event(reply, platform, result, attempts));
    }

    static CloudEvent event(ChatReplyRequested reply, Platform platform, SendResult result, int attempts) {
        String conversation = reply.conversationId();
        String source = EventSources.of(platform);
        return switch (result) {
            case SendResult.Delivered d -> CrowdsurfEvents.build(EventType.CHAT_REPLY_DELIVERED,
                    reply.replyId() + ":delivered", source, conversation, conversation,
                    new ChatReplyDelivered(reply.replyId(), platform, conversation, d.platformMessageId(), attempts));
            case SendResult.Rejected r -> CrowdsurfEvents.build(EventType.CHAT_REPLY_FAILED,
                    reply.replyId() + ":failed", source, conversation, conversation,
                    new ChatReplyFailed(reply.replyId(), platform, conversation, r.status(), r.error(), attempts));
            case SendResult.Retryable r -> throw new IllegalStateException("not an outcome: " + r);
        };
    }
}
