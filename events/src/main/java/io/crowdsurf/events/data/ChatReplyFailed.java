package io.crowdsurf.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A reply the platform refused or that ran out of retries; {@code error} is the platform's own message. */
@RegisterForReflection
public record ChatReplyFailed(
        String replyId,
        Platform platform,
        String conversationId,
        int status,
        String error,
        int attempts) {
}
