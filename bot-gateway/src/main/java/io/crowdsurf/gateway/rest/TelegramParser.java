package io.crowdsurf.gateway.inbound;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.ConversationId;

import static io.crowdsurf.gateway.inbound.JsonBodies.epochSeconds;
import static io.crowdsurf.gateway.inbound.JsonBodies.text;

/**
 * Reads a Telegram {@code Update}: a {@code message} (text or caption) or a {@code callback_query}
 * (an inline-keyboard button). Edited messages, channel posts, polls and the rest are ignored.
 * A deep link {@code t.me/<bot>?start=<ref>} arrives as "/start <ref>": the ref becomes the referral.
 */
public final class TelegramParser {

    private TelegramParser() {
    }

    public static Optional<ChatMessageReceived> parse(JsonNode update, String botId) {
        JsonNode message = update.get("message");
        if (message != null && message.isObject()) {
            String chatId = text(message, "chat", "id");
            String messageId = text(message, "message_id");
            if (chatId == null || messageId == null) {
                return Optional.empty();
            }
            String text = Optional.ofNullable(text(message, "text")).orElse(text(message, "caption"));
            JsonNode from = message.get("from");
            String userId = Optional.ofNullable(text(from, "id")).orElse(chatId);
            return Optional.of(of(botId, chatId, userId, chatId + ":" + messageId, text, null, referral(text),
                    name(from), epochSeconds(message, "date")));
        }
        JsonNode callback = update.get("callback_query");
        if (callback != null && callback.isObject()) {
            String callbackId = text(callback, "id");
            JsonNode from = callback.get("from");
            String userId = text(from, "id");
            if (callbackId == null || userId == null) {
                return Optional.empty();
            }
            // Buttons on inline-mode messages have no message; the fan's private chat has the user's id.
            String chatId = Optional.ofNullable(text(callback.get("message"), "chat", "id")).orElse(userId);
            return Optional.of(of(botId, chatId, userId, "callback:" + callbackId, null, text(callback, "data"), null,
                    name(from), null));
        }
        return Optional.empty();
    }

    /** The callback query id, which Telegram wants answered so the button stops spinning. */
    public static Optional<String> callbackQueryId(JsonNode update) {
        return Optional.ofNullable(text(update.get("callback_query"), "id"));
    }

    private static String referral(String text) {
        if (text != null && text.startsWith("/start ")) {
            String ref = text.substring("/start ".length()).trim();
            return ref.isEmpty() ? null : ref;
        }
        return null;
    }

    private static String name(JsonNode from) {
        return Optional.ofNullable(text(from, "first_name")).orElse(text(from, "username"));
    }

    private static ChatMessageReceived of(String botId, String chatId, String userId, String messageId, String text,
            String choice, String referral, String userName, java.time.Instant at) {
        String conversation = ConversationId.of(Platform.TELEGRAM, botId, chatId).toString();
        return new ChatMessageReceived(Platform.TELEGRAM, botId, userId, conversation, messageId, text, choice,
                referral, userName, at);
    }
}
