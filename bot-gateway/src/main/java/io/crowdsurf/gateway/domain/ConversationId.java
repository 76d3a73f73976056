package io.crowdsurf.gateway;

import io.crowdsurf.events.data.Platform;

/**
 * {@code <platform>:<botId>:<peerId>}: one fan (or Slack channel) talking to one bot. quiz-service keys
 * its conversation state on this string, so the format is a contract: messenger:PAGE_ID:PSID,
 * telegram:BOT_ID:CHAT_ID, slack:TEAM_ID:CHANNEL_ID, webchat:SITE:SESSION_ID.
 *
 * @param peerId where replies go: PSID, Telegram chat id, Slack channel, web chat session
 */
public record ConversationId(Platform platform, String botId, String peerId) {

    public ConversationId {
        if (platform == null || isBlank(botId) || isBlank(peerId)) {
            throw new IllegalArgumentException("conversation id needs a platform, a bot id and a peer id");
        }
    }

    public static ConversationId of(Platform platform, String botId, String peerId) {
        return new ConversationId(platform, botId, peerId);
    }

    /** @throws IllegalArgumentException when the string is not {@code <platform>:<botId>:<peerId>} */
    public static ConversationId parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("conversation id is missing");
        }
        int first = value.indexOf(':');
        int second = first < 0 ? -1 : value.indexOf(':', first + 1);
        if (first <= 0 || second <= first + 1 || second == value.length() - 1) {
            throw new IllegalArgumentException("conversation id '" + value + "' is not <platform>:<botId>:<peerId>");
        }
        // The peer id keeps any further colons: only the first two separate the parts.
        return new ConversationId(Platform.of(value.substring(0, first)), value.substring(first + 1, second),
                value.substring(second + 1));
    }

    @Override
    public String toString() {
        return platform.id() + ":" + botId + ":" + peerId;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
