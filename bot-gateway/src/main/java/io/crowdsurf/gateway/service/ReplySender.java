package io.crowdsurf.gateway.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.SendResult;
import io.crowdsurf.gateway.messaging.GatewayMetrics;
import io.crowdsurf.gateway.persistence.ReplyLedger;
import io.crowdsurf.gateway.persistence.ReplyLedger.Claim;

/**
 * Sends one {@code chat.reply.requested} once: claim it in the ledger, send it ({@link RetryingSend}) while the
 * claim is kept alive ({@link ClaimHeartbeat}), then settle it ({@link ReplyOutcomes}: record the outcome,
 * publish {@code chat.reply.delivered} or {@code chat.reply.failed}).
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

    private final InFlightReplies inFlight;
    private final UnrecordedOutcomes unrecorded;
    private final ReplyLedger ledger;
    private final ClaimHeartbeat heartbeat;
    private final RetryingSend sending;
    private final ReplyOutcomes outcomes;
    private final GatewayMetrics metrics;
    private final GatewayConfig.Outbound config;
    private final Clock clock;

    ReplySender(InFlightReplies inFlight, UnrecordedOutcomes unrecorded, ReplyLedger ledger, ClaimHeartbeat heartbeat,
            RetryingSend sending, ReplyOutcomes outcomes, GatewayMetrics metrics, GatewayConfig config, Clock clock) {
        this.inFlight = inFlight;
        this.unrecorded = unrecorded;
        this.ledger = ledger;
        this.heartbeat = heartbeat;
        this.sending = sending;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.config = config.outbound();
        this.clock = clock;
    }

    /**
     * @param requestedAt the requesting event's time (CloudEvent {@code time}, the same in every redelivery), or
     *                    null; it picks the reply's ledger bucket
     */
    public void handle(ChatReplyRequested reply, Instant requestedAt) {
        if (reply == null || reply.replyId() == null || reply.replyId().isBlank()) {
            // Without a replyId there is no way to send once: let it go to the dead letters.
            throw new IllegalArgumentException("chat.reply.requested without a replyId");
        }
        inFlight.run(reply.replyId(), () -> handleOwnDelivery(reply, ledger.slot(reply.replyId(), requestedAt,
                clock.instant())));
    }

    private void handleOwnDelivery(ChatReplyRequested reply, ReplyLedger.Slot slot) {
        var settled = unrecorded.find(reply.replyId());
        if (settled.isPresent()) {
            // Sent (or refused) by an earlier delivery that could not record it: record it now, never resend.
            outcomes.settle(reply, slot, settled.get());
            return;
        }
        Claim claim = ledger.claim(slot, clock.instant(), config.claimLease());
        switch (claim) {
            case Claim.Done done -> outcomes.reportAgainIfLost(reply, slot, done.entry());
            case Claim.Busy busy -> throw new ReplyBusyException(reply.replyId());
            case Claim.Owned owned -> {
                if (owned.takenOver()) {
                    LOG.warnf("reply %s: taking over a claim whose delivery died; it may go out twice", reply.replyId());
                }
                heartbeat.whileRunning(slot, owned.token(), () -> send(reply, slot, owned.token()));
            }
        }
    }

    private void send(ChatReplyRequested reply, ReplyLedger.Slot slot, String token) {
        ConversationId conversation;
        try {
            conversation = ConversationId.parse(reply.conversationId());
            if (reply.platform() != null && reply.platform() != conversation.platform()) {
                throw new IllegalArgumentException("platform " + reply.platform().id() + " does not match "
                        + reply.conversationId());
            }
        } catch (IllegalArgumentException e) {
            // A request we can never send is final: report it instead of letting the broker retry it.
            outcomes.settle(reply, slot, new SendOutcome(reply.platform() == null ? Platform.WEBCHAT : reply.platform(),
                    new SendResult.Rejected(0, "invalid reply: " + e.getMessage()), 0));
            return;
        }
        SendOutcome outcome = sending.send(reply, conversation);
        if (outcome.result() instanceof SendResult.Retryable r) {
            metrics.reply(conversation.platform(), "retry-later");
            ledger.release(slot, token);
            throw new ReplyNotSentException("reply " + reply.replyId() + " not sent after " + outcome.attempts()
                    + " attempts: " + r.error());
        }
        outcomes.settle(reply, slot, outcome);
    }
}
