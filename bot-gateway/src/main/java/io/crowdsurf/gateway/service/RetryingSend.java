package io.crowdsurf.gateway.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.client.PlatformClient;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.Backoff;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.SendResult;
import io.crowdsurf.gateway.messaging.GatewayMetrics;

/**
 * Calls the conversation's platform until it delivers or refuses for good: waits for its rate limit before each
 * attempt, and retries 429/5xx with backoff (honouring Retry-After) within {@code gateway.outbound.max-attempts}
 * and {@code retry-budget}. Still {@link SendResult.Retryable} at the end means: try again later.
 */
@ApplicationScoped
class RetryingSend {

    private static final Logger LOG = Logger.getLogger(RetryingSend.class);

    private final Map<Platform, PlatformClient> clients = new EnumMap<>(Platform.class);
    private final GatewayConfig.Outbound config;
    private final GatewayMetrics metrics;

    RetryingSend(Instance<PlatformClient> clients, GatewayConfig config, GatewayMetrics metrics) {
        clients.forEach(c -> this.clients.put(c.platform(), c));
        this.config = config.outbound();
        this.metrics = metrics;
    }

    SendOutcome send(ChatReplyRequested reply, ConversationId conversation) {
        PlatformClient client = clients.get(conversation.platform());
        long deadline = System.nanoTime() + config.retryBudget().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            SendResult result;
            try {
                client.awaitRateLimit(conversation);
                result = client.send(reply, conversation);
                metrics.sendAttempt(client.platform(), switch (result) {
                    case SendResult.Delivered d -> "ok";
                    case SendResult.Retryable r -> "retryable";
                    case SendResult.Rejected r -> "rejected";
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SendOutcome(conversation.platform(), new SendResult.Retryable(0, "interrupted", null), attempt);
            }
            if (!(result instanceof SendResult.Retryable r)) {
                return new SendOutcome(conversation.platform(), result, attempt);
            }
            Duration wait = Backoff.delay(attempt, r.retryAfter(), config.initialBackoff(), config.maxBackoff());
            if (attempt >= config.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
                return new SendOutcome(conversation.platform(), result, attempt);
            }
            LOG.infof("reply %s: %s %d (%s); retry %d in %d ms", reply.replyId(), conversation.platform().id(),
                    r.status(), r.error(), attempt + 1, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SendOutcome(conversation.platform(), result, attempt);
            }
        }
    }
}
