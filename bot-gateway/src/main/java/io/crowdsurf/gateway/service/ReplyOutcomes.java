package io.crowdsurf.gateway.service;

import java.time.Clock;

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
 */
@ApplicationScoped
class ReplyOutcomes {

    private static final Logger LOG = Logger.getLogger(ReplyOutcomes.class);

    private final ReplyLedger ledger;
    private final UnrecordedOutcomes unrecorded;
    private final ReplyOutcomePublisher publisher;
    private final GatewayMetrics metrics;
    private final Clock clock;

    ReplyOutcomes(ReplyLedger ledger, UnrecordedOutcomes unrecorded, ReplyOutcomePublisher publisher,
            GatewayMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.unrecorded = unrecorded;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records a final outcome (delivered or refused) and reports it. */
    void settle(ChatReplyRequested reply, SendOutcome outcome) {
        try {
            record(reply, outcome.result(), outcome.attempts());
        } catch (RuntimeException e) {
            // MongoDB is away right after the platform took the message. Remember the outcome so the
            // broker's redelivery records it instead of sending again, and fail this delivery.
            unrecorded.remember(reply.replyId(), outcome);
            throw e;
        }
        unrecorded.forget(reply.replyId());
        metrics.reply(outcome.platform(), outcome.result() instanceof SendResult.Delivered ? "delivered" : "failed");
        report(reply, outcome.platform(), outcome.result(), outcome.attempts());
    }

    /** The outcome is recorded but its event may have been lost (Kafka down, crash): publish it again. */
    void reportAgainIfLost(ChatReplyRequested reply, ReplyLedger.Entry entry) {
        if (entry.reported()) {
            LOG.debugf("reply %s already %s; duplicate delivery ignored", reply.replyId(), entry.state());
            return;
        }
        Platform platform = reply.platform() == null ? Platform.WEBCHAT : reply.platform();
        SendResult result = entry.state() == ReplyLedger.State.SENT
                ? new SendResult.Delivered(entry.platformMessageId())
                : new SendResult.Rejected(entry.status(), entry.error());
        report(reply, platform, result, entry.attempts());
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

    private void report(ChatReplyRequested reply, Platform platform, SendResult result, int attempts) {
        publisher.publish(reply, platform, result, attempts);
        ledger.markReported(reply.replyId());
    }
}
