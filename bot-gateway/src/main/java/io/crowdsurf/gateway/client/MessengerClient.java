package io.crowdsurf.gateway.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.RateLimiter;
import io.crowdsurf.gateway.domain.SendResult;

/**
 * Messenger Send API: {@code POST {graph}/{PAGE_ID}/messages}. Choices become quick replies. Inside
 * 24 hours of the fan's last message it sends {@code messaging_type: RESPONSE}; outside, only with the
 * reply's message tag (e.g. CONFIRMED_EVENT_UPDATE) as {@code MESSAGE_TAG}, else it refuses without
 * calling Meta, which would refuse too.
 */
@ApplicationScoped
public class MessengerClient implements PlatformClient {

    static final int MAX_TEXT = 2000;
    static final int MAX_QUICK_REPLIES = 13;
    static final int MAX_QUICK_REPLY_TITLE = 20;
    /** Graph error codes Meta documents as transient or throttling (retry later), whatever the HTTP status. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 17, 32, 613);

    private final GatewayConfig.Messenger config;
    private final PlatformHttp http;
    private final RateLimiter limiter;
    private final Clock clock;

    public MessengerClient(GatewayConfig config, PlatformHttp http, RateLimiter limiter, Clock clock) {
        this.config = config.messenger();
        this.http = http;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public Platform platform() {
        return Platform.MESSENGER;
    }

    @Override
    public void awaitRateLimit(ConversationId conversation) throws InterruptedException {
        limiter.acquire("messenger:" + conversation.botId(), config.perPageRate(),
                (int) Math.max(1, config.perPageRate() / 10));
    }

    @Override
    public SendResult send(ChatReplyRequested reply, ConversationId conversation) {
        String token = config.pageToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return new SendResult.Rejected(0, "MESSENGER_PAGE_TOKEN is not set");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", Map.of("id", conversation.peerId()));
        if (insideWindow(reply)) {
            body.put("messaging_type", "RESPONSE");
        } else if (reply.messageTag() != null && !reply.messageTag().isBlank()) {
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", reply.messageTag());
        } else {
            return new SendResult.Rejected(0, "outside Messenger's 24-hour window and no message tag");
        }
        body.put("message", message(reply));
        String url = config.graphUrl() + "/" + encode(conversation.botId()) + "/messages?access_token=" + encode(token);
        try {
            return classify(http.postJson(url, Map.of(), body));
        } catch (IOException e) {
            return new SendResult.Retryable(0, "Graph API unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retryable(0, "interrupted", null);
        }
    }

    private boolean insideWindow(ChatReplyRequested reply) {
        // No timestamp: the reply answers a message that just arrived.
        return reply.lastUserMessageAt() == null
                || Duration.between(reply.lastUserMessageAt(), clock.instant()).compareTo(config.responseWindow()) < 0;
    }

    private static Map<String, Object> message(ChatReplyRequested reply) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", truncate(reply.text() == null ? "" : reply.text(), MAX_TEXT));
        if (!reply.choices().isEmpty()) {
            List<Map<String, String>> quickReplies = reply.choices().stream().limit(MAX_QUICK_REPLIES)
                    .map(c -> Map.of("content_type", "text", "title", truncate(c.title(), MAX_QUICK_REPLY_TITLE),
                            "payload", c.payload()))
                    .toList();
            message.put("quick_replies", quickReplies);
        }
        return message;
    }

    static SendResult classify(PlatformHttp.Reply reply) {
        JsonNode json = reply.json();
        if (reply.ok() && json != null && json.hasNonNull("message_id")) {
            return new SendResult.Delivered(json.get("message_id").asText());
        }
        JsonNode error = json == null ? null : json.get("error");
        int code = error == null ? 0 : error.path("code").asInt(0);
        String detail = error == null ? "HTTP " + reply.status() + ": " + abbreviate(reply.body())
                : "(#" + code + (error.has("error_subcode") ? "/" + error.path("error_subcode").asInt() : "") + ") "
                        + error.path("message").asText("") + " [fbtrace_id " + error.path("fbtrace_id").asText("-") + "]";
        boolean transientError = reply.status() == 429 || reply.status() >= 500 || TRANSIENT_CODES.contains(code)
                || (error != null && error.path("is_transient").asBoolean(false));
        return transientError ? new SendResult.Retryable(reply.status(), detail, reply.retryAfter().orElse(null))
                : new SendResult.Rejected(reply.status(), detail);
    }

    static String truncate(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
