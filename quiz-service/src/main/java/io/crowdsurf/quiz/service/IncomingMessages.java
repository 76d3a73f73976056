package io.crowdsurf.quiz.service;

import java.util.Optional;

import io.crowdsurf.events.data.ChatMessageReceived;

/** What a {@code chat.message.received} must carry for quiz-service to act on it; without it the event is poison. */
final class IncomingMessages {

    private IncomingMessages() {
    }

    /** The first missing field ({@code data}, {@code platform}, {@code botId}, …), or empty when complete. */
    static Optional<String> missingField(ChatMessageReceived m, String eventId) {
        String missing = m == null ? "data"
                : m.platform() == null ? "platform"
                : blank(m.botId()) ? "botId"
                : blank(m.userId()) ? "userId"
                : blank(m.conversationId()) ? "conversationId"
                : blank(eventId) ? "id" : null;
        return Optional.ofNullable(missing);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
