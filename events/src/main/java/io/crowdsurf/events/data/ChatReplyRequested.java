package io.crowdsurf.events.data;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Something to say to a fan. bot-gateway sends it through the platform's API, once per {@code replyId}.
 *
 * @param replyId           unique and deterministic per reply, so a redelivered request sends once
 * @param choices           answer buttons (quick replies / inline keyboard), empty for none
 * @param responseUrl       Slack's response_url for slash commands, or null
 * @param lastUserMessageAt when the fan last wrote; Messenger allows RESPONSE only within 24 h of it
 * @param messageTag        Messenger tag used outside the 24-hour window (e.g. CONFIRMED_EVENT_UPDATE), or null
 */
@RegisterForReflection
public record ChatReplyRequested(
        String replyId,
        Platform platform,
        String botId,
        String userId,
        String conversationId,
        String text,
        List<Choice> choices,
        String responseUrl,
        Instant lastUserMessageAt,
        String messageTag) {

    public ChatReplyRequested {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
