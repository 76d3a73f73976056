package io.crowdsurf.gateway.service;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.SendResult;
import io.crowdsurf.gateway.messaging.GatewayMetrics;
import io.crowdsurf.gateway.messaging.ReplyOutcomePublisher;
import io.crowdsurf.gateway.persistence.ReplyLedger;

/**
 * Settles a reply: records its final outcome in the ledger, then publishes the outcome event, then marks it
 * reported — so a crash between any two steps is repaired by the next delivery of the same request.
 *
 * <p>When the platform took the message but MongoDB is away, the outcome cannot be recorded. The delivery then
 * still succeeds once the outcome <em>event</em> is durable in Kafka (it does not need MongoDB): the fan has the
 * message, and failing the delivery would only make the broker redeliver it over and over, holding up the
 * conversation's next reply behind it (one key's events are delivered in order) and dead-lettering a reply that
 * was delivered if the outage outlasts the Trigger's retries. The outcome waits in {@link UnrecordedOutcomes} and
 * is written to the ledger as soon as MongoDB answers (retried every {@value #RECORD_RETRY_MS} ms); a redelivery
 * meanwhile finds it there and sends nothing. Only if Kafka refuses the event too does the delivery fail.
 */
@ApplicationScoped
class ReplyOutcomes {

    private static final Logger LOG = Logger.getLogger(ReplyOutcomes.class);
    static final long RECORD_RETRY_MS = 1000;

    private final ReplyLedger ledger;
    private final UnrecordedOutcomes unrecorded;
    private final ReplyOutcomePublisher publisher;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-outcome-recorder").factory());

    ReplyOutcomes(ReplyLedger ledger, UnrecordedOutcomes unrecorded, ReplyOutcomePublisher publisher,
            GatewayMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.unrecorded = unrecorded;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        retries.scheduleWithFixedDelay(this::recordPending, RECORD_RETRY_MS, RECORD_RETRY_MS, TimeUnit.MILLISECONDS);
    }

    /** Records a final outcome (delivered or refused) and reports it. */
    void settle(ChatReplyRequested reply, ReplyLedger.Slot slot, SendOutcome outcome) {
        String metric = outcome.result() instanceof SendResult.Delivered ? "delivered" : "failed";
        try {
            record(slot, outcome.result(), outcome.attempts());
        } catch (RuntimeException e) {
            // MongoDB is away right after the platform took the message: keep the outcome for the background
            // recorder (and for a redelivery, which must record instead of sending again), report it now.
            unrecorded.remember(slot, outcome);
            LOG.warnf("reply %s %s, but its outcome is not recorded yet (%s): recording it when MongoDB is back",
                    reply.replyId(), metric, e.getMessage());
            publisher.publish(reply, outcome.platform(), outcome.result(), outcome.attempts());
            metrics.reply(outcome.platform(), metric);
            return;
        }
        unrecorded.forget(reply.replyId());
        metrics.reply(outcome.platform(), metric);
        report(reply, slot, outcome.platform(), outcome.result(), outcome.attempts());
    }

    /** The outcome is recorded but its event may have been lost (Kafka down, crash): publish it again. */
    void reportAgainIfLost(ChatReplyRequested reply, ReplyLedger.Slot slot, ReplyLedger.Entry entry) {
        if (entry.reported()) {
            LOG.debugf("reply %s already %s; duplicate delivery ignored", reply.replyId(), entry.state());
            return;
        }
        Platform platform = reply.platform() == null ? Platform.WEBCHAT : reply.platform();
        SendResult result = entry.state() == ReplyLedger.State.SENT
                ? new SendResult.Delivered(entry.platformMessageId())
                : new SendResult.Rejected(entry.status(), entry.error());
        report(reply, slot, platform, result, entry.attempts());
    }

    /** The background half: writes what could not be recorded (its event went out already), stops at the first failure. */
    void recordPending() {
        for (UnrecordedOutcomes.Pending p : unrecorded.pending()) {
            try {
                record(p.slot(), p.outcome().result(), p.outcome().attempts());
                ledger.markReported(p.slot());
            } catch (RuntimeException e) {
                LOG.debugf("outcome of reply %s still not recorded: %s", p.slot().replyId(), e.getMessage());
                return;
            }
            unrecorded.forget(p);
            LOG.infof("reply %s: outcome recorded after MongoDB came back", p.slot().replyId());
        }
    }

    private void record(ReplyLedger.Slot slot, SendResult result, int attempts) {
        switch (result) {
            case SendResult.Delivered d -> ledger.recordSent(slot, d.platformMessageId(), attempts, clock.instant());
            case SendResult.Rejected r -> {
                LOG.warnf("reply %s refused (%d): %s", slot.replyId(), r.status(), r.error());
                ledger.recordFailed(slot, r.status(), r.error(), attempts, clock.instant());
            }
            case SendResult.Retryable r -> throw new IllegalStateException("not an outcome: " + r);
        }
    }

    private void report(ChatReplyRequested reply, ReplyLedger.Slot slot, Platform platform, SendResult result,
            int attempts) {
        publisher.publish(reply, platform, result, attempts);
        ledger.markReported(slot);
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }
}
