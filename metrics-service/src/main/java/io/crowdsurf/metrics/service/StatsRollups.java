package io.crowdsurf.metrics.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.events.data.QuizTicketCheckedIn;
import io.crowdsurf.metrics.persistence.StatsRepository;

/**
 * Keeps the {@code /stats} rollups from the events metrics-service consumes, each fact counted once
 * ({@link StatsRepository}'s claim / apply / mark protocol): a fan when first seen, a ticket when awarded, a ticket
 * when admitted at the door.
 */
@ApplicationScoped
public class StatsRollups {

    private final StatsRepository repository;

    public StatsRollups(StatsRepository repository) {
        this.repository = repository;
    }

    public void onMessage(ChatMessageReceived m, String eventId) {
        require(m.platform() != null && m.botId() != null && m.userId() != null,
                "chat.message.received needs platform, botId and userId");
        String fact = "fan:" + m.platform().id() + ":" + m.botId() + ":" + m.userId();
        Instant at = m.platformTimestamp() != null ? m.platformTimestamp() : Instant.now();
        String referral = m.referral() == null || m.referral().isBlank() ? null : m.referral().strip();
        countOnce(fact, eventId, at, StatsRepository.MEMBERS,
                () -> repository.countFan(fact, m.platform().id(), referral, m.userName(), at));
    }

    public void onTicketAwarded(QuizTicketAwarded t, String eventId) {
        require(t.ticketCode() != null && t.campaignId() != null && t.poolId() != null,
                "quiz.ticket.awarded needs ticketCode, campaignId and poolId");
        String fact = "award:" + t.ticketCode();
        countOnce(fact, eventId, t.awardedAt() != null ? t.awardedAt() : Instant.now(), StatsRepository.TICKETS,
                () -> repository.countAward(fact, t.campaignId(), t.poolId(), t.poolName()));
    }

    /**
     * A check-in counts once per ticket code, whatever the event id: quiz-service re-publishes the same event (id
     * {@code admitted:<code>}) when a check-in is retried after Kafka was away, and the Broker redelivers.
     */
    public void onTicketCheckedIn(QuizTicketCheckedIn t, String eventId) {
        require(t.ticketCode() != null && t.campaignId() != null && t.poolId() != null,
                "quiz.ticket.admitted needs ticketCode, campaignId and poolId");
        String fact = "admitted:" + t.ticketCode();
        countOnce(fact, eventId, t.checkedInAt() != null ? t.checkedInAt() : Instant.now(), StatsRepository.TICKETS,
                () -> repository.countCheckIn(fact, t.campaignId(), t.poolId(), t.poolName()));
    }

    /** The claim / apply / mark / clear protocol of {@link StatsRepository} around one fact's increment. */
    private void countOnce(String fact, String eventId, Instant at, String rollupId, Runnable increment) {
        StatsRepository.Claim claim = repository.claim(fact, eventId, at);
        if (!claim.mine()) {
            return;
        }
        if (!claim.counted()) {
            increment.run();
            repository.markCounted(fact);
        }
        repository.clearPending(rollupId, fact);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new PoisonEventException(message);
        }
    }
}
