package io.crowdsurf.gateway.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.RateLimiter;
import io.crowdsurf.gateway.domain.SendResult;

/**
 * Slack: a slash command's answer goes to its {@code response_url}; everything else is
 * {@code chat.postMessage} with the bot token. Choices become Block Kit buttons whose value comes back
 * through the interactivity endpoint as the choice payload.
 */
@ApplicationScoped
public class SlackClient implements PlatformClient {

    static final int MAX_BUTTON_TEXT = 75;
    static final int MAX_BUTTONS = 25;
    /** chat.postMessage errors that Slack documents as temporary. */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout");

    private final GatewayConfig.Slack config;
    private final PlatformHttp http;
    private final RateLimiter limiter;

    public SlackClient(GatewayConfig config, PlatformHttp http, RateLimiter limiter) {
        this.config = config.slack();
        this.http = http;
        this.limiter = limiter;
    }

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    @Override
    public void awaitRateLimit(ConversationId conversation) throws InterruptedException {
        limiter.acquire("slack:" + conversation.botId() + ":" + conversation.peerId(), config.perChannelRate(), 1);
    }

    @Override
    public SendResult send(ChatReplyRequested reply, ConversationId conversation) {
        try {
            if (reply.responseUrl() != null && !reply.responseUrl().isBlank()) {
                return viaResponseUrl(reply);
            }
            return viaPostMessage(reply, conversation);
        } catch (IOException e) {
            return new SendResult.Retryable(0, "Slack unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retryable(0, "interrupted", null);
        }
    }

    private SendResult viaResponseUrl(ChatReplyRequested reply) throws IOException, InterruptedException {
        if (config.responseUrlPrefixes().stream().noneMatch(reply.responseUrl()::startsWith)) {
            return new SendResult.Rejected(0, "response_url is not a Slack URL: " + reply.responseUrl());
        }
        PlatformHttp.Reply r = http.postJson(reply.responseUrl(), Map.of(), message(reply, null));
        if (r.ok()) {
            return new SendResult.Delivered(null);
        }
        String error = "response_url answered HTTP " + r.status() + ": " + r.body();
        return r.status() == 429 || r.status() >= 500 ? new SendResult.Retryable(r.status(), error, r.retryAfter().orElse(null))
                : new SendResult.Rejected(r.status(), error);
    }

    private SendResult viaPostMessage(ChatReplyRequested reply, ConversationId conversation)
            throws IOException, InterruptedException {
        String token = config.botToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return new SendResult.Rejected(0, "SLACK_BOT_TOKEN is not set");
        }
        PlatformHttp.Reply r = http.postJson(config.apiUrl() + "/chat.postMessage",
                Map.of("Authorization", "Bearer " + token), message(reply, conversation.peerId()));
        return classify(r);
    }

    static SendResult classify(PlatformHttp.Reply r) {
        JsonNode json = r.json();
        if (r.ok() && json != null && json.path("ok").asBoolean(false)) {
            return new SendResult.Delivered(json.path("ts").asText(null));
        }
        String error = json != null ? json.path("error").asText("HTTP " + r.status()) : "HTTP " + r.status();
        if (r.status() == 429 || r.status() >= 500 || TRANSIENT.contains(error)) {
            return new SendResult.Retryable(r.status(), error, r.retryAfter().orElse(null));
        }
        return new SendResult.Rejected(r.status(), error);
    }

    private static Map<String, Object> message(ChatReplyRequested reply, String channel) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (channel != null) {
            body.put("channel", channel);
        }
        String text = reply.text() == null ? "" : reply.text();
        body.put("text", text);
        if (!reply.choices().isEmpty()) {
            List<Map<String, Object>> buttons = new ArrayList<>();
            int i = 0;
            for (Choice c : reply.choices().stream().limit(MAX_BUTTONS).toList()) {
                buttons.add(Map.of("type", "button", "action_id", "choice-" + i++,
                        "text", Map.of("type", "plain_text", "text", MessengerClient.truncate(c.title(), MAX_BUTTON_TEXT)),
                        "value", c.payload()));
            }
            body.put("blocks", List.of(
                    Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text.isEmpty() ? " " : text)),
                    Map.of("type", "actions", "elements", buttons)));
        }
        return body;
    }
}
