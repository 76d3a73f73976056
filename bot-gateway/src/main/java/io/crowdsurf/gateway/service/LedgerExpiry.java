package io.crowdsurf.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.GatewayRole;
import io.crowdsurf.gateway.persistence.ReplyLedger;
import io.quarkus.runtime.StartupEvent;

/**
 * Drops the reply ledger's expired buckets ({@link ReplyLedger#dropExpired}) in the process that runs the reply
 * role: at start-up and then every quarter bucket (10 s … 10 min). Several replicas doing it at once is harmless
 * (dropping a dropped collection is a no-op); a MongoDB that is away is simply tried again next time.
 */
@ApplicationScoped
class LedgerExpiry {

    private static final Logger LOG = Logger.getLogger(LedgerExpiry.class);

    private final ReplyLedger ledger;
    private final Clock clock;
    private final boolean replies;
    private final long everyMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-ledger-expiry").factory());

    LedgerExpiry(ReplyLedger ledger, Clock clock, GatewayConfig config) {
        this.ledger = ledger;
        this.clock = clock;
        this.replies = GatewayRole.parse(config.roles()).contains(GatewayRole.REPLIES);
        long quarter = config.outbound().ledgerBucket().toMillis() / 4;
        this.everyMs = Math.clamp(quarter, Duration.ofSeconds(10).toMillis(), Duration.ofMinutes(10).toMillis());
    }

    void onStart(@Observes StartupEvent start) {
        if (replies) {
            timer.scheduleWithFixedDelay(this::dropExpired, 0, everyMs, TimeUnit.MILLISECONDS);
        }
    }

    void dropExpired() {
        try {
            List<String> dropped = ledger.dropExpired(clock.instant());
            if (!dropped.isEmpty()) {
                LOG.infof("reply ledger: dropped expired buckets %s", dropped);
            }
        } catch (RuntimeException e) {
            LOG.debugf("reply ledger: expired buckets not dropped yet: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
