package io.crowdsurf.gateway.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Outcomes whose recording failed (MongoDB away right after the platform took the message), kept until a
 * redelivery records them, so that redelivery records instead of sending again. Bounded: an outage longer
 * than {@value #MAX} replies is beyond what memory should bridge.
 */
@ApplicationScoped
class UnrecordedOutcomes {

    static final int MAX = 100_000;

    private final Map<String, SendOutcome> outcomes = new ConcurrentHashMap<>();

    Optional<SendOutcome> find(String replyId) {
        return Optional.ofNullable(outcomes.get(replyId));
    }

    void remember(String replyId, SendOutcome outcome) {
        if (outcomes.size() >= MAX) {
            outcomes.clear();
        }
        outcomes.put(replyId, outcome);
    }

    void forget(String replyId) {
        outcomes.remove(replyId);
    }
}
