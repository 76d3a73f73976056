package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A fan said something to a bot: typed text, a tapped choice (quick reply, button, inline keyboard),
 * or arrived through a referral (m.me link, QR code).
 *
 * @param platform          where it came from
 * @param botId             page id (Messenger), team/app id (Slack), bot id (Telegram), site (web chat)
 * @param userId            the platform's id of the fan (PSID, Slack user, Telegram user id, web chat session)
 * @param conversationId    stable per fan and bot; also the partition key, so one fan's events stay ordered
 * @param messageId         the platform's message id; duplicates of it are the same message
 * @param text              typed text, or null
 * @param choice            payload of a tapped choice, or null
 * @param referral          the {@code ref} of an m.me link / QR code / ad, or null
 * @param userName          display name when the platform tells us, or null
 * @param platformTimestamp when the platform says the fan sent it
 */
@RegisterForReflection
public record ChatMessageReceived(
        Platform platform,
        String botId,
        String userId,
        String conversationId,
        String messageId,
        String text,
        String choice,
        String referral,
        String userName,
        Instant platformTimestamp) {
}
