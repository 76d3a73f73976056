package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.domain.TicketCodes;
import io.crowdsurf.quiz.messaging.CheckInEvents;
import io.crowdsurf.quiz.persistence.TicketRepository;

/**
 * Door staff's view of tickets: look one up by code (as typed), admit it exactly once, and tell the others
 * ({@code quiz.ticket.admitted}) durably.
 *
 * <p>A check-in is confirmed (200) only after Kafka acknowledged its event. The ticket document is its own outbox:
 * the scan that admits it stores {@code checkedInAt} first, publishes, then sets {@code admittedAnnounced}. Kafka away
 * → the publish fails → 503, and the ticket stays admitted-but-unannounced; the retried scan finds it so, publishes
 * the same event again (same id, derived from the code) and confirms with 200 — it is the completion of a check-in
 * nobody was told about, not a second use. Once the flag is set, every further scan is a 409.
 */
@ApplicationScoped
public class TicketService {

    /** The ticket was admitted before, at {@code checkedInAt}. REST answers 409. */
    public static class AlreadyCheckedInException extends RuntimeException {
        private final transient Instant checkedInAt;

        AlreadyCheckedInException(Instant checkedInAt) {
            super("ticket already checked in at " + checkedInAt);
            this.checkedInAt = checkedInAt;
        }

        public Instant checkedInAt() {
            return checkedInAt;
        }
    }

    /** No ticket has this code. REST answers 404. */
    public static class TicketNotFoundException extends RuntimeException {
        TicketNotFoundException(String code) {
            super("no ticket " + code);
        }
    }

    private final TicketRepository tickets;
    private final CheckInEvents events;
    private final Clock clock;

    public TicketService(TicketRepository tickets, CheckInEvents events, Clock clock) {
        this.tickets = tickets;
        this.events = events;
        this.clock = clock;
    }

    public Ticket find(String code) {
        return tickets.find(TicketCodes.canonical(code)).orElseThrow(() -> new TicketNotFoundException(code));
    }

    /**
     * @throws AlreadyCheckedInException on every check-in after the one that was confirmed
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException Kafka did not acknowledge the event (503); the
     *                                                                 retried scan publishes it again
     */
    public Ticket checkIn(String code) {
        String canonical = TicketCodes.canonical(code);
        TicketRepository.Admission scan = tickets.admit(canonical, clock.instant())
                .orElseThrow(() -> new TicketNotFoundException(code));
        if (scan.announced()) {
            throw new AlreadyCheckedInException(scan.ticket().checkedInAt());
        }
        // First scan, or a retry of one whose event is not known to be out: (re-)publish, then remember it is out.
        events.admitted(scan.ticket());
        tickets.markAnnounced(canonical);
        return scan.ticket();
    }
}
