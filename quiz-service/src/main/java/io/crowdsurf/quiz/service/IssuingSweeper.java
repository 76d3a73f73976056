package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.IssuingMarker;
import io.crowdsurf.quiz.domain.PendingUnit;
import io.crowdsurf.quiz.persistence.CampaignRepository;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.IssuingRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Finishes ticket claims a crash interrupted and nobody retries (the broker gave up on the event, and the fan
 * never writes again). Run by the schedule's {@code quiz.sweep.requested}; idempotent and safe next to live
 * claims, because it does exactly what the fan's next message would do — the claim steps are idempotent and the
 * fan's compare-and-set lets one writer win.
 * <ol>
 * <li>Fans listed as claiming ({@code quiz_issuing}) for longer than {@code quiz.sweep-after}: still in ISSUING on
 * that claim → the claim is finished (ticket or sold out) and the turn's one reply is sent; no longer on it →
 * the marker is stale (the fan left ISSUING, or the write that would have entered it lost its race) and goes.</li>
 * <li>Pool units left pending for that long ({@link TicketIssuer#reconcile}): settled, given back or adopted.</li>
 * </ol>
 * Both lists are small collections of their own — claims in flight — so the cost never depends on the fans.
 */
@ApplicationScoped
public class IssuingSweeper {

    private static final Logger LOG = Logger.getLogger(IssuingSweeper.class);

    /** What one sweep did. */
    public record Result(int finished, int staleMarkers, int unitsReconciled, int skipped) {
    }

    private final IssuingRepository issuing;
    private final FanRepository fans;
    private final PoolRepository pools;
    private final CampaignRepository campaigns;
    private final ConversationService conversations;
    private final TicketIssuer issuer;
    private final QuizConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public IssuingSweeper(IssuingRepository issuing, FanRepository fans, PoolRepository pools,
            CampaignRepository campaigns, ConversationService conversations, TicketIssuer issuer, QuizConfig config,
            MeterRegistry metrics, Clock clock) {
        this.issuing = issuing;
        this.fans = fans;
        this.pools = pools;
        this.campaigns = campaigns;
        this.conversations = conversations;
        this.issuer = issuer;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Result sweep(String reason) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.sweepAfter());
        int finished = 0;
        int stale = 0;
        int skipped = 0;
        for (IssuingMarker m : issuing.before(cutoff, config.sweepBatch())) {
            Optional<Fan> fan = fans.find(m.campaignId(), m.conversationId());
            boolean onThisClaim = fan.isPresent() && fan.get().state() == FanState.ISSUING
                    && m.token().equals(fan.get().pendingEventKey());
            if (onThisClaim) {
                Optional<Campaign> c = campaigns.find(m.campaignId());
                if (c.isPresent() && conversations.finishInterrupted(c.get(), m.conversationId())) {
                    LOG.infof("sweep: finished the interrupted claim of %s in campaign %s", m.conversationId(),
                            m.campaignId());
                    finished++;
                } else {
                    skipped++;
                }
                continue;
            }
            // The write that enters ISSUING follows the marker within milliseconds; a fan still below that version
            // may yet be written, unless the marker is far older than any write can take (its writer died first).
            boolean writerGone = m.since().isBefore(now.minus(config.sweepAfter().multipliedBy(10)));
            if (fan.isEmpty() || fan.get().version() >= m.version() || writerGone) {
                issuing.clear(m.key(), m.token());
                stale++;
            } else {
                skipped++;
            }
        }
        int units = 0;
        for (PendingUnit unit : pools.pendingBefore(cutoff, config.sweepBatch())) {
            String done = issuer.reconcile(unit, now);
            LOG.infof("sweep: pending unit of %s in pool %s/%s %s", unit.fanId(), unit.campaignId(), unit.poolId(), done);
            metrics.counter("quiz.sweep.units", "outcome", done).increment();
            units++;
        }
        metrics.counter("quiz.sweep.claims", "outcome", "finished").increment(finished);
        metrics.counter("quiz.sweep.claims", "outcome", "stale_marker").increment(stale);
        Result r = new Result(finished, stale, units, skipped);
        LOG.infof("sweep (%s): %s", reason, r);
        return r;
    }
}
