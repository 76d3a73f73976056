package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A slash command such as {@code /stats members}: answered later through {@code responseUrl}
 * (Slack allows 5 uses within 30 minutes) or, without one, as a normal reply.
 */
@RegisterForReflection
public record ChatCommandReceived(
        Platform platform,
        String botId,
        String userId,
        String conversationId,
        String commandId,
        String command,
        String text,
        String responseUrl,
        Instant platformTimestamp) {
}
