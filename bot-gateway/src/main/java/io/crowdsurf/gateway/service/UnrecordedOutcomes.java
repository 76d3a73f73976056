package io.crowdsurf.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.gateway.persistence.ReplyLedger;

/**
 * Outcomes whose recording failed (MongoDB away right after the platform took the message), kept until they are
 * recorded, by {@link ReplyOutcomes}' background retries or by a redelivery, which then records instead of
 * sending again. Bounded: an outage longer than {@value #MAX} replies is beyond what memory should bridge.
 */
@ApplicationScoped
class UnrecordedOutcomes {

    static final int MAX = 100_000;

    /** One outcome to record: where, and what. */
    record Pending(ReplyLedger.Slot slot, SendOutcome outcome) {
    }

    private final Map<String, Pending> outcomes = new ConcurrentHashMap<>();

    Optional<SendOutcome> find(String replyId) {
        return Optional.ofNullable(outcomes.get(replyId)).map(Pending::outcome);
    }

    void remember(ReplyLedger.Slot slot, SendOutcome outcome) {
        if (outcomes.size() >= MAX) {
            outcomes.clear();
        }
        outcomes.put(slot.replyId(), new Pending(slot, outcome));
    }

    /** What is waiting to be recorded, oldest first as far as the map knows. */
    List<Pending> pending() {
        return List.copyOf(outcomes.values());
    }

    /** Forgets it only if it is still this entry (a redelivery may have remembered a newer one). */
    void forget(Pending done) {
        outcomes.remove(done.slot().replyId(), done);
    }

    void forget(String replyId) {
        outcomes.remove(replyId);
    }
}
