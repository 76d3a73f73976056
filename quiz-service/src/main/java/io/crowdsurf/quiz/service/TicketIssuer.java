package io.crowdsurf.quiz.service;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Dialogue.ClaimResult;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.PendingUnit;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.persistence.HoldRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.TicketRepository;

/**
 * Claims a ticket for a fan in state ISSUING, with no transactions, at a cost that does not grow with the tickets
 * issued, and safe to run any number of times, concurrently or after a crash at any point. Three documents take
 * part: the pool counter ({@code remaining} and its few {@code pending} units), the fan's hold in that pool, and
 * the ticket.
 * <ol>
 * <li>The fan holds a unit already (its hold exists): go to 4.</li>
 * <li>{@code take}: one atomic conditional decrement ({@code remaining > 0}, no pending unit of this fan) that
 * pushes {@code {fan, token}} to the pool's pending units in the same write. Not taken: a pending unit of this fan
 * (an earlier attempt crashed after its decrement, or a concurrent one is at 3) is adopted with its token; if
 * there is none and no hold appeared meanwhile, the pool is sold out.</li>
 * <li>Insert the fan's hold with the token. Refused because the hold exists with the SAME token: a concurrent
 * attempt adopted the same unit — fine. With ANOTHER token: a concurrent attempt finished first, and this
 * decrement was one too many: {@code giveBack} returns it, dropping it from pending in the same write (so exactly
 * once). Then the unit is settled (dropped from pending; the hold accounts for it).</li>
 * <li>Insert the ticket, code chosen when the fan entered ISSUING; the unique index on (campaignId, fanId)
 * rejects any second ticket, and then the stored one is the result.</li>
 * </ol>
 * Every decrement is listed in pending until a hold with its token exists or it was given back, so a crash
 * anywhere leaves either a hold or a pending unit: the retry (the redelivered event, the fan's next message, or the
 * sweeper) adopts it, and the sweeper settles or gives back pending units older than a claim can take
 * ({@link #reconcile}). The pool never goes below zero, no fan holds two units of a pool, and no unit is lost.
 */
@ApplicationScoped
public class TicketIssuer {

    private static final Logger LOG = Logger.getLogger(TicketIssuer.class);

    private final PoolRepository pools;
    private final HoldRepository holds;
    private final TicketRepository tickets;

    public TicketIssuer(PoolRepository pools, HoldRepository holds, TicketRepository tickets) {
        this.pools = pools;
        this.holds = holds;
        this.tickets = tickets;
    }

    public ClaimResult claim(Campaign c, Fan fan, Instant now) {
        if (fan.state() != FanState.ISSUING || fan.poolId() == null || fan.ticketCode() == null) {
            throw new IllegalStateException("fan " + fan.key() + " is not claiming a ticket");
        }
        String poolId = fan.poolId();
        String fanId = fan.conversationId();
        var existing = tickets.findByFan(c.id(), fanId);
        if (existing.isPresent()) {
            return keep(c, fan, existing.get(), now);
        }
        Optional<String> held = holds.token(c.id(), poolId, fanId);
        if (held.isPresent()) {
            // A retry after the hold was written: its unit may still be listed as pending.
            pools.settle(c.id(), poolId, held.get());
        } else if (!takeUnit(c.id(), poolId, fanId, now)) {
            LOG.debugf("campaign %s pool %s sold out for %s", c.id(), poolId, fanId);
            return new ClaimResult.SoldOut();
        }
        String poolName = c.pool(poolId).map(PoolSpec::name).orElse(poolId);
        Ticket ticket = new Ticket(fan.ticketCode(), c.id(), poolId, poolName, fanId, fan.platform(),
                fan.userId(), fan.userName(), now, null);
        if (tickets.insert(ticket)) {
            LOG.infof("campaign %s: ticket issued to %s from pool %s", c.id(), fanId, poolId);
            return new ClaimResult.Issued(ticket);
        }
        return keep(c, fan, tickets.findByFan(c.id(), fanId).orElseThrow(() -> new IllegalStateException(
                "ticket code collision for " + fanId + "; retrying with the same code cannot help")), now);
    }

    /** Steps 2–3: the fan ends up holding exactly one unit of the pool, or the pool is sold out (false). */
    private boolean takeUnit(String campaignId, String poolId, String fanId, Instant now) {
        String token = UUID.randomUUID().toString();
        if (!pools.take(campaignId, poolId, fanId, token, now)) {
            Optional<String> pending = pools.pendingToken(campaignId, poolId, fanId);
            if (pending.isEmpty()) {
                // Sold out — unless a concurrent attempt for this fan finished (or this pool predates holds).
                return holds.token(campaignId, poolId, fanId).isPresent()
                        || pools.legacyHolds(campaignId, poolId, fanId);
            }
            token = pending.get();
        }
        confirm(campaignId, poolId, fanId, token, now);
        return true;
    }

    /** Step 3: the hold records the unit of {@code token}, or that unit was one too many and goes back. */
    private void confirm(String campaignId, String poolId, String fanId, String token, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (holds.insert(campaignId, poolId, fanId, token, now)) {
                pools.settle(campaignId, poolId, token);
                return;
            }
            Optional<String> held = holds.token(campaignId, poolId, fanId);
            if (held.isPresent()) {
                if (token.equals(held.get())) {
                    pools.settle(campaignId, poolId, token);
                } else if (pools.giveBack(campaignId, poolId, token)) {
                    LOG.infof("campaign %s pool %s: a concurrent claim of %s took a unit first; gave one back",
                            campaignId, poolId, fanId);
                }
                return;
            }
            // Refused, yet no hold: a release dropped it in between. Our unit is still pending; try again.
        }
        throw new IllegalStateException("the hold of " + fanId + " in pool " + poolId + " keeps changing; retry");
    }

    /** The fan already has a ticket: that is the result. A unit held in another pool goes back. */
    private ClaimResult keep(Campaign c, Fan fan, Ticket ticket, Instant now) {
        if (!ticket.poolId().equals(fan.poolId())) {
            LOG.warnf("campaign %s: %s already holds a %s ticket; releasing its %s unit", c.id(), fan.conversationId(),
                    ticket.poolId(), fan.poolId());
            release(c.id(), fan.poolId(), fan.conversationId(), now);
        }
        return new ClaimResult.Issued(ticket);
    }

    /**
     * Gives the fan's unit of a pool back, once: the pool first lists it as being released, then the hold goes,
     * then the unit returns to the counter in the write that drops the listing. A crash in between leaves the
     * listing, which {@link #reconcile} finishes.
     */
    void release(String campaignId, String poolId, String fanId, Instant now) {
        Optional<String> held = holds.token(campaignId, poolId, fanId);
        if (held.isPresent()) {
            pools.markRelease(campaignId, poolId, fanId, held.get(), now);
            holds.drop(campaignId, poolId, fanId, held.get());
            pools.giveBack(campaignId, poolId, held.get());
            return;
        }
        pools.pendingToken(campaignId, poolId, fanId).ifPresent(t -> pools.giveBack(campaignId, poolId, t));
        pools.releaseLegacy(campaignId, poolId, fanId);
    }

    /**
     * Finishes a pending unit a crash left behind (older than any claim in flight): settled if the fan's hold has
     * its token, given back if the fan holds another unit or the unit was being released, and otherwise adopted by
     * the fan (hold written) — never given back then, since a claim of that fan may still count on it.
     *
     * @return what was done: "settled", "given-back" or "adopted"
     */
    public String reconcile(PendingUnit unit, Instant now) {
        String c = unit.campaignId();
        String p = unit.poolId();
        Optional<String> held = holds.token(c, p, unit.fanId());
        if (unit.release()) {
            held.filter(unit.token()::equals).ifPresent(t -> holds.drop(c, p, unit.fanId(), t));
            pools.giveBack(c, p, unit.token());
            return "given-back";
        }
        if (held.isPresent() && held.get().equals(unit.token())) {
            pools.settle(c, p, unit.token());
            return "settled";
        }
        if (held.isPresent()) {
            pools.giveBack(c, p, unit.token());
            return "given-back";
        }
        confirm(c, p, unit.fanId(), unit.token(), now);
        return "adopted";
    }
}
