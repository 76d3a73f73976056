package io.crowdsurf.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A reply the platform accepted. */
@RegisterForReflection
public record ChatReplyDelivered(
        String replyId,
        Platform platform,
        String conversationId,
        String platformMessageId,
        int attempts) {
}
