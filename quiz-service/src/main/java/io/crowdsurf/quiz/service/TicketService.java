package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.domain.TicketCodes;
import io.crowdsurf.quiz.persistence.TicketRepository;

/** Door staff's view of tickets: look one up by code (as typed), admit it exactly once. */
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
    private final Clock clock;

    public TicketService(TicketRepository tickets, Clock clock) {
        this.tickets = tickets;
        this.clock = clock;
    }

    public Ticket find(String code) {
        return tickets.find(TicketCodes.canonical(code)).orElseThrow(() -> new TicketNotFoundException(code));
    }

    /** @throws AlreadyCheckedInException on every check-in after the first */
    public Ticket checkIn(String code) {
        String canonical = TicketCodes.canonical(code);
        return tickets.checkIn(canonical, clock.instant()).orElseThrow(() -> {
            Ticket existing = tickets.find(canonical).orElseThrow(() -> new TicketNotFoundException(code));
            return new AlreadyCheckedInException(existing.checkedInAt());
        });
    }
}
