package io.crowdsurf.gateway.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.RateLimiter;
import io.crowdsurf.gateway.domain.SendResult;

/** Telegram Bot API {@code sendMessage}; choices become an inline keyboard, one button per row. */
@ApplicationScoped
public class TelegramClient implements PlatformClient {

    static final int MAX_TEXT = 4096;
    static final int MAX_CALLBACK_DATA_BYTES = 64;

    private final GatewayConfig.Telegram config;
    private final PlatformHttp http;
    private final RateLimiter limiter;

    public TelegramClient(GatewayConfig config, PlatformHttp http, RateLimiter limiter) {
        this.config = config.telegram();
        this.http = http;
        this.limiter = limiter;
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public void awaitRateLimit(ConversationId conversation) throws InterruptedException {
        limiter.acquire("telegram-chat:" + conversation.peerId(), config.perChatRate(), 1);
        limiter.acquire("telegram-bot:" + conversation.botId(), config.globalRate(), (int) config.globalRate());
    }

    @Override
    public SendResult send(ChatReplyRequested reply, ConversationId conversation) {
        String token = config.botToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return new SendResult.Rejected(0, "TELEGRAM_BOT_TOKEN is not set");
        }
        for (Choice c : reply.choices()) {
            if (c.payload().getBytes(StandardCharsets.UTF_8).length > MAX_CALLBACK_DATA_BYTES) {
                return new SendResult.Rejected(0, "choice payload '" + c.payload()
                        + "' is longer than Telegram's 64-byte callback_data");
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", conversation.peerId());
        body.put("text", MessengerClient.truncate(reply.text() == null ? "" : reply.text(), MAX_TEXT));
        if (!reply.choices().isEmpty()) {
            List<List<Map<String, String>>> rows = reply.choices().stream()
                    .map(c -> List.of(Map.of("text", c.title(), "callback_data", c.payload()))).toList();
            body.put("reply_markup", Map.of("inline_keyboard", rows));
        }
        try {
            return classify(http.postJson(config.apiUrl() + "/bot" + token + "/sendMessage", Map.of(), body));
        } catch (IOException e) {
            return new SendResult.Retryable(0, "Bot API unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retryable(0, "interrupted", null);
        }
    }

    static SendResult classify(PlatformHttp.Reply reply) {
        JsonNode json = reply.json();
        if (reply.ok() && json != null && json.path("ok").asBoolean(false)) {
            return new SendResult.Delivered(json.path("result").path("message_id").asText(null));
        }
        int code = json != null && json.has("error_code") ? json.get("error_code").asInt() : reply.status();
        String description = json != null ? json.path("description").asText("HTTP " + reply.status())
                : "HTTP " + reply.status();
        if (code == 429 || reply.status() == 429 || reply.status() >= 500) {
            JsonNode retryAfter = json == null ? null : json.path("parameters").get("retry_after");
            Duration wait = retryAfter != null && retryAfter.canConvertToLong()
                    ? Duration.ofSeconds(retryAfter.asLong())
                    : reply.retryAfter().orElse(null);
            return new SendResult.Retryable(reply.status(), description, wait);
        }
        return new SendResult.Rejected(reply.status(), description);
    }
}
