package io.crowdsurf.gateway.service;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.persistence.ReplyLedger;

/**
 * Keeps a claim alive while its delivery works on it: every third of the lease its {@code claimedAt} is
 * renewed, so a short lease (quickly taken over after a crash) never expires under a send that is merely slow
 * (rate limit, Retry-After, backoff). Renewals run on virtual threads, so a MongoDB outage cannot pile them up
 * on the timer.
 */
@ApplicationScoped
class ClaimHeartbeat {

    private static final Logger LOG = Logger.getLogger(ClaimHeartbeat.class);

    private final ReplyLedger ledger;
    private final Clock clock;
    private final long everyMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("claim-heartbeats").factory());

    ClaimHeartbeat(ReplyLedger ledger, Clock clock, GatewayConfig config) {
        this.ledger = ledger;
        this.clock = clock;
        this.everyMs = Math.max(1, config.outbound().claimLease().toMillis() / 3);
    }

    /** Renews the claim while {@code work} runs. */
    void whileRunning(ReplyLedger.Slot slot, String token, Runnable work) {
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(() -> Thread.ofVirtual().name("claim-heartbeat").start(() -> {
            try {
                ledger.renew(slot, token, clock.instant());
            } catch (RuntimeException e) {
                LOG.debugf("reply %s: claim not renewed: %s", slot.replyId(), e.getMessage());
            }
        }), everyMs, everyMs, TimeUnit.MILLISECONDS);
        try {
            work.run();
        } finally {
            beat.cancel(false);
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
