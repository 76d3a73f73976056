package io.crowdsurf.alert.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.events.Hmac;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * POSTs a notification to an alert's own webhook. The body is signed like Slack's requests:
 * {@code X-Crowdsurf-Signature: v1=<hex HMAC-SHA256 of "v1:<timestamp>:<body>">} with
 * {@code X-Crowdsurf-Timestamp}; {@code X-Crowdsurf-Event-Id} lets the receiver drop a repeat. Two attempts; a
 * failure is logged and counted, never blocks the chat notification.
 */
@ApplicationScoped
public class WebhookClient {

    private static final Logger LOG = Logger.getLogger(WebhookClient.class);

    private final HttpClient http;
    private final AlertConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public WebhookClient(AlertConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
    }

    public boolean enabled() {
        return config.webhookSigningKey().filter(k -> !k.isBlank()).isPresent();
    }

    /** @return true when the receiver answered 2xx */
    public boolean post(String url, String eventId, byte[] body) {
        if (!enabled()) {
            return false;
        }
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String signature = "v1=" + sign(config.webhookSigningKey().get(), "v1:" + timestamp + ":", body);
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(config.httpTimeout())
                        .header("Content-Type", "application/json").header("X-Crowdsurf-Event-Id", eventId)
                        .header("X-Crowdsurf-Timestamp", timestamp).header("X-Crowdsurf-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    registry.counter("alert_webhooks_total", "outcome", "delivered").increment();
                    return true;
                }
                LOG.warnf("webhook %s for %s answered %d", url, eventId, r.statusCode());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("webhook %s for %s failed: %s", url, eventId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        registry.counter("alert_webhooks_total", "outcome", "failed").increment();
        return false;
    }

    /** Hex HMAC-SHA256 of {@code prefix} followed by the body's bytes. */
    public static String sign(String key, String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(p, p.length + body.length);
        System.arraycopy(body, 0, all, p.length, body.length);
        return Hmac.hex(key, all);
    }
}
