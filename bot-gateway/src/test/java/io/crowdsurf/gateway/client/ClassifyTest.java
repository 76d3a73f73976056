package io.crowdsurf.gateway.client;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.gateway.domain.SendResult;

import static org.assertj.core.api.Assertions.assertThat;

/** How each platform's documented answers map to delivered / retry / refused. */
class ClassifyTest {

    static PlatformHttp.Reply reply(int status, String body, Duration retryAfter) throws Exception {
        JsonNode json = body == null || !body.startsWith("{") ? null : EventJson.MAPPER.readTree(body);
        return new PlatformHttp.Reply(status, json, body, Optional.ofNullable(retryAfter));
    }

    @Test
    void messenger() throws Exception {
        assertThat(MessengerClient.classify(reply(200, "{\"recipient_id\":\"1\",\"message_id\":\"m_1\"}", null)))
                .isEqualTo(new SendResult.Delivered("m_1"));
        // Throttling comes as HTTP 400 with code 613 (or 4, 17, 32): retry.
        assertThat(MessengerClient.classify(reply(400,
                "{\"error\":{\"message\":\"Calls to this api have exceeded the rate limit.\",\"type\":\"OAuthException\",\"code\":613,\"fbtrace_id\":\"x\"}}",
                null))).isInstanceOf(SendResult.Retryable.class);
        assertThat(MessengerClient.classify(reply(503, "upstream down", Duration.ofSeconds(3))))
                .isEqualTo(new SendResult.Retryable(503, "HTTP 503: upstream down", Duration.ofSeconds(3)));
        assertThat(MessengerClient.classify(reply(403,
                "{\"error\":{\"message\":\"(#10) This message is sent outside of allowed window.\",\"type\":\"OAuthException\",\"code\":10,\"error_subcode\":2018278,\"fbtrace_id\":\"y\"}}",
                null))).isInstanceOf(SendResult.Rejected.class);
    }

    @Test
    void slack() throws Exception {
        assertThat(SlackClient.classify(reply(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}", null)))
                .isEqualTo(new SendResult.Delivered("1.2"));
        assertThat(SlackClient.classify(reply(429, "{\"ok\":false,\"error\":\"ratelimited\"}", Duration.ofSeconds(30))))
                .isEqualTo(new SendResult.Retryable(429, "ratelimited", Duration.ofSeconds(30)));
        assertThat(SlackClient.classify(reply(200, "{\"ok\":false,\"error\":\"internal_error\"}", null)))
                .isInstanceOf(SendResult.Retryable.class);
        assertThat(SlackClient.classify(reply(200, "{\"ok\":false,\"error\":\"channel_not_found\"}", null)))
                .isEqualTo(new SendResult.Rejected(200, "channel_not_found"));
    }

    @Test
    void telegram() throws Exception {
        assertThat(TelegramClient.classify(reply(200, "{\"ok\":true,\"result\":{\"message_id\":5}}", null)))
                .isEqualTo(new SendResult.Delivered("5"));
        assertThat(TelegramClient.classify(reply(429,
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 12\",\"parameters\":{\"retry_after\":12}}",
                null))).isEqualTo(new SendResult.Retryable(429, "Too Many Requests: retry after 12", Duration.ofSeconds(12)));
        assertThat(TelegramClient.classify(reply(403,
                "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}", null)))
                .isEqualTo(new SendResult.Rejected(403, "Forbidden: bot was blocked by the user"));
        assertThat(TelegramClient.classify(reply(502, null, null))).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void truncateCountsCodePoints() {
        assertThat(MessengerClient.truncate("🎉🎉🎉", 3)).isEqualTo("🎉🎉🎉");
        assertThat(MessengerClient.truncate("Amsterdam Centraal Station", 20)).hasSize(20).endsWith("…");
    }
}
