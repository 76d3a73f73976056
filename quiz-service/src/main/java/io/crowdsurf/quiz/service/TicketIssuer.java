package io.crowdsurf.quiz.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Dialogue.ClaimResult;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.TicketRepository;

/**
 * Claims a ticket for a fan in state ISSUING, with no transactions and safe to run any number of times,
 * concurrently or after a crash at any point:
 * <ol>
 * <li>{@code take}: one atomic conditional decrement ({@code remaining > 0}, fan not yet a holder) that
 * also adds the fan to the pool's holders. Taken now, or taken by an earlier attempt (the fan is a
 * holder): go on. Neither: the pool is sold out.</li>
 * <li>insert the ticket, code chosen when the fan entered ISSUING; the unique index on
 * (campaignId, fanId) rejects any second ticket, and then the stored one is the result.</li>
 * </ol>
 * A crash between 1 and 2 leaves the unit held by the fan, and the next attempt (the redelivered event or
 * the fan's next message) writes the ticket. The pool never goes below zero and no fan holds two units.
 */
@ApplicationScoped
public class TicketIssuer {

    private static final Logger LOG = Logger.getLogger(TicketIssuer.class);

    private final PoolRepository pools;
    private final TicketRepository tickets;

    public TicketIssuer(PoolRepository pools, TicketRepository tickets) {
        this.pools = pools;
        this.tickets = tickets;
    }

    public ClaimResult claim(Campaign c, Fan fan, Instant now) {
        if (fan.state() != FanState.ISSUING || fan.poolId() == null || fan.ticketCode() == null) {
            throw new IllegalStateException("fan " + fan.key() + " is not claiming a ticket");
        }
        String poolId = fan.poolId();
        var existing = tickets.findByFan(c.id(), fan.conversationId());
        if (existing.isPresent()) {
            return keep(c, fan, existing.get());
        }
        boolean taken = pools.take(c.id(), poolId, fan.conversationId());
        if (!taken && !pools.holds(c.id(), poolId, fan.conversationId())) {
            LOG.debugf("campaign %s pool %s sold out for %s", c.id(), poolId, fan.conversationId());
            return new ClaimResult.SoldOut();
        }
        String poolName = c.pool(poolId).map(PoolSpec::name).orElse(poolId);
        Ticket ticket = new Ticket(fan.ticketCode(), c.id(), poolId, poolName, fan.conversationId(), fan.platform(),
                fan.userId(), fan.userName(), now, null);
        if (tickets.insert(ticket)) {
            LOG.infof("campaign %s: ticket issued to %s from pool %s", c.id(), fan.conversationId(), poolId);
            return new ClaimResult.Issued(ticket);
        }
        return keep(c, fan, tickets.findByFan(c.id(), fan.conversationId()).orElseThrow(() -> new IllegalStateException(
                "ticket code collision for " + fan.conversationId() + "; retrying with the same code cannot help")));
    }

    /** The fan already has a ticket: that is the result. A unit held in another pool goes back. */
    private ClaimResult keep(Campaign c, Fan fan, Ticket ticket) {
        if (!ticket.poolId().equals(fan.poolId())) {
            LOG.warnf("campaign %s: %s already holds a %s ticket; releasing its %s unit", c.id(), fan.conversationId(),
                    ticket.poolId(), fan.poolId());
            pools.release(c.id(), fan.poolId(), fan.conversationId());
        }
        return new ClaimResult.Issued(ticket);
    }
}
