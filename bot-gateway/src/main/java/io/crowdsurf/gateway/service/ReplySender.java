package io.crowdsurf.gateway.outbound;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyFailed;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.ConversationId;
import io.crowdsurf.gateway.client.PlatformClient;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.messaging.GatewayMetrics;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.crowdsurf.gateway.persistence.ReplyLedger;
import io.crowdsurf.gateway.persistence.ReplyLedger.Claim;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * Sends one {@code chat.reply.requested} once: claim it in the ledger, wait for the platform's rate
 * limit, call the platform (retrying 429/5xx with backoff, honouring Retry-After), record the outcome,
 * then publish {@code chat.reply.delivered} or {@code chat.reply.failed}.
 *
 * <p>Outcomes: delivered and refused (4xx other than 429, bad recipient, outside the 24-hour window)
 * are final and reported as events. A platform still unavailable after the retries is not final:
 * the claim is released and {@link ReplyNotSentException} fails the delivery, so the broker retries
 * later and, past its retry limit, dead-letters the request where it can be replayed. No
 * {@code failed} event is emitted for outages, so quiz-service never treats a delay as a refusal.
 *
 * <p>A delivery that finds the reply claimed by another live delivery answers 503 ({@link ReplyBusyException});
 * the claim's lease ({@code gateway.outbound.claim-lease}) is renewed by a heartbeat while its owner sends,
 * so only the claim of a dead owner expires, and the Trigger's retries outlast the lease.
 */
@ApplicationScoped
public class ReplySender {

    private static final Logger LOG = Logger.getLogger(ReplySender.class);
    private static final int MAX_UNRECORDED = 100_000;

    private record Settled(Platform platform, SendResult result, int attempts) {
    }

    private final Map<Platform, PlatformClient> clients = new EnumMap<>(Platform.class);
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Outcomes whose recording failed (MongoDB away), kept until a redelivery records them. */
    private final Map<String, Settled> unrecorded = new ConcurrentHashMap<>();
    private final ReplyLedger ledger;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("claim-heartbeats").factory());
    private final EventPublisher publisher;
    private final GatewayConfig.Outbound config;
    private final Clock clock;
    private final GatewayMetrics metrics;

    public ReplySender(Instance<PlatformClient> clients, ReplyLedger ledger, EventPublisher publisher,
            GatewayConfig config, Clock clock, GatewayMetrics metrics) {
        clients.forEach(c -> this.clients.put(c.platform(), c));
        this.ledger = ledger;
        this.publisher = publisher;
        this.config = config.outbound();
        this.clock = clock;
        this.metrics = metrics;
    }

    public void handle(ChatReplyRequested reply) {
        if (reply == null || reply.replyId() == null || reply.replyId().isBlank()) {
            // Without a replyId there is no way to send once: let it go to the dead letters.
            throw new IllegalArgumentException("chat.reply.requested without a replyId");
        }
        // Concurrent duplicates inside this instance stop here, without a database round trip; across
        // instances the ledger's unique _id decides.
        if (!inFlight.add(reply.replyId())) {
            throw new ReplyBusyException(reply.replyId());
        }
        try {
            handleClaimed(reply);
        } finally {
            inFlight.remove(reply.replyId());
        }
    }

    private void handleClaimed(ChatReplyRequested reply) {
        Settled settled = unrecorded.get(reply.replyId());
        if (settled != null) {
            // Sent (or refused) by an earlier delivery that could not record it: record it now, never resend.
            finish(reply, settled.platform(), settled.result(), settled.attempts());
            return;
        }
        Claim claim = ledger.claim(reply.replyId(), clock.instant(), config.claimLease());
        switch (claim) {
            case Claim.Done done -> reportAgainIfLost(reply, done.entry());
            case Claim.Busy busy -> throw new ReplyBusyException(reply.replyId());
            case Claim.Owned owned -> {
                if (owned.takenOver()) {
                    LOG.warnf("reply %s: taking over a claim whose delivery died; it may go out twice", reply.replyId());
                }
                ScheduledFuture<?> heartbeat = heartbeat(reply.replyId(), owned.token());
                try {
                    send(reply, owned.token());
                } finally {
                    heartbeat.cancel(false);
                }
            }
        }
    }

    /**
     * Keeps the claim alive while this delivery works on it: every third of the lease its
     * {@code claimedAt} is renewed, so a short lease (quickly taken over after a crash) never expires
     * under a send that is merely slow (rate limit, Retry-After, backoff). Renewals run on virtual
     * threads, so a MongoDB outage cannot pile them up on the timer.
     */
    private ScheduledFuture<?> heartbeat(String replyId, String token) {
        long every = Math.max(1, config.claimLease().toMillis() / 3);
        return heartbeats.scheduleAtFixedRate(() -> Thread.ofVirtual().name("claim-heartbeat").start(() -> {
            try {
                ledger.renew(replyId, token, clock.instant());
            } catch (RuntimeException e) {
                LOG.debugf("reply %s: claim not renewed: %s", replyId, e.getMessage());
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        heartbeats.shutdownNow();
    }

    private void send(ChatReplyRequested reply, String token) {
        ConversationId conversation;
        try {
            conversation = ConversationId.parse(reply.conversationId());
            if (reply.platform() != null && reply.platform() != conversation.platform()) {
                throw new IllegalArgumentException("platform " + reply.platform().id() + " does not match "
                        + reply.conversationId());
            }
        } catch (IllegalArgumentException e) {
            // A request we can never send is final: report it instead of letting the broker retry it.
            finish(reply, reply.platform() == null ? Platform.WEBCHAT : reply.platform(),
                    new SendResult.Rejected(0, "invalid reply: " + e.getMessage()), 0);
            return;
        }
        PlatformClient client = clients.get(conversation.platform());
        Attempts outcome = attempt(client, reply, conversation);
        if (outcome.result() instanceof SendResult.Retryable r) {
            metrics.reply(conversation.platform(), "retry-later");
            ledger.release(reply.replyId(), token);
            throw new ReplyNotSentException("reply " + reply.replyId() + " not sent after " + outcome.attempts()
                    + " attempts: " + r.error());
        }
        finish(reply, conversation.platform(), outcome.result(), outcome.attempts());
    }

    private record Attempts(SendResult result, int attempts) {
    }

    private Attempts attempt(PlatformClient client, ChatReplyRequested reply, ConversationId conversation) {
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
                return new Attempts(new SendResult.Retryable(0, "interrupted", null), attempt);
            }
            if (!(result instanceof SendResult.Retryable r)) {
                return new Attempts(result, attempt);
            }
            Duration wait = Backoff.delay(attempt, r.retryAfter(), config.initialBackoff(), config.maxBackoff());
            if (attempt >= config.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
                return new Attempts(result, attempt);
            }
            LOG.infof("reply %s: %s %d (%s); retry %d in %d ms", reply.replyId(), conversation.platform().id(),
                    r.status(), r.error(), attempt + 1, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempts(result, attempt);
            }
        }
    }

    private void finish(ChatReplyRequested reply, Platform platform, SendResult result, int attempts) {
        try {
            record(reply, result, attempts);
        } catch (RuntimeException e) {
            // MongoDB is away right after the platform took the message. Remember the outcome so the
            // broker's redelivery records it instead of sending again, and fail this delivery.
            rememberUnrecorded(reply.replyId(), new Settled(platform, result, attempts));
            throw e;
        }
        unrecorded.remove(reply.replyId());
        metrics.reply(platform, result instanceof SendResult.Delivered ? "delivered" : "failed");
        publishOutcome(reply, platform, result, attempts);
    }

    private void rememberUnrecorded(String replyId, Settled settled) {
        if (unrecorded.size() >= MAX_UNRECORDED) {
            unrecorded.clear(); // a MongoDB outage this long is beyond what memory should bridge
        }
        unrecorded.put(replyId, settled);
    }

    private void record(ChatReplyRequested reply, SendResult result, int attempts) {
        switch (result) {
            case SendResult.Delivered d -> ledger.recordSent(reply.replyId(), d.platformMessageId(), attempts,
                    clock.instant());
            case SendResult.Rejected r -> {
                LOG.warnf("reply %s to %s refused (%d): %s", reply.replyId(), reply.conversationId(), r.status(),
                        r.error());
                ledger.recordFailed(reply.replyId(), r.status(), r.error(), attempts, clock.instant());
            }
            case SendResult.Retryable r -> throw new IllegalStateException("not an outcome: " + r);
        }
    }

    /** The outcome is recorded but its event may have been lost (Kafka down, crash): publish it again. */
    private void reportAgainIfLost(ChatReplyRequested reply, ReplyLedger.Entry entry) {
        if (entry.reported()) {
            LOG.debugf("reply %s already %s; duplicate delivery ignored", reply.replyId(), entry.state());
            return;
        }
        Platform platform = reply.platform() == null ? Platform.WEBCHAT : reply.platform();
        SendResult result = entry.state() == ReplyLedger.State.SENT
                ? new SendResult.Delivered(entry.platformMessageId())
                : new SendResult.Rejected(entry.status(), entry.error());
        publishOutcome(reply, platform, result, entry.attempts());
    }

    private void publishOutcome(ChatReplyRequested reply, Platform platform, SendResult result, int attempts) {
        String conversation = reply.conversationId();
        String source = InboundPublisher.source(platform);
        var event = switch (result) {
            case SendResult.Delivered d -> CrowdsurfEvents.build(EventType.CHAT_REPLY_DELIVERED,
                    reply.replyId() + ":delivered", source, conversation, conversation,
                    new ChatReplyDelivered(reply.replyId(), platform, conversation, d.platformMessageId(), attempts));
            case SendResult.Rejected r -> CrowdsurfEvents.build(EventType.CHAT_REPLY_FAILED,
                    reply.replyId() + ":failed", source, conversation, conversation,
                    new ChatReplyFailed(reply.replyId(), platform, conversation, r.status(), r.error(), attempts));
            case SendResult.Retryable r -> throw new IllegalStateException("not an outcome: " + r);
        };
        publisher.publish(event);
        ledger.markReported(reply.replyId());
    }
}
