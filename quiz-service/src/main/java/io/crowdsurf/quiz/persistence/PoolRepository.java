package io.crowdsurf.quiz.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowdsurf.quiz.domain.PendingUnit;
import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * Ticket pool counters. The counter's guard is one atomic compare-and-set decrement ({@link #take}): it is
 * written only while {@code remaining > 0} in the very version of the pool it read, so the counter cannot go
 * below zero however many claims race. Every per-claim query is an exact lookup ({@code {_id}} or
 * {@code {_id, v}} with its unique index), never a scanning {@code $and}. Which fan holds a
 * unit is NOT kept in the pool document (re-encoding a list of up to 50,000 holders made every take cost
 * the pool's size): it is a document of its own per fan ({@link HoldRepository}). The pool document keeps only
 * the units taken and not yet settled, {@code pending: [{fan, t, at}]} — a handful, one per claim in flight —
 * pushed by the decrement itself, so a claim interrupted between the decrement and the hold can always tell
 * that it took a unit, and which (token {@code t}). See {@code TicketIssuer} for the protocol.
 *
 * <p>Pools created before holds had their own collection list their fans in {@code holders}; {@link #take}
 * still refuses those fans a second unit and {@link #legacyHolds} recognises them.
 */
@ApplicationScoped
public class PoolRepository {

    private static final Bson WITHOUT_FAN_LISTS = Projections.exclude("holders", "pending");
    private static final String PENDING = "pending";

    static final ExactIndex BY_KEY = ExactIndex.id(QuizStore.POOLS);
    /** The pool's version, bumped by every write of its counter or pending list ({@link #write}). */
    private static final String VERSION = "v";
    /** The conditional writes: the pool as read, by key and version. */
    @Produces
    static final ExactIndex BY_KEY_AND_VERSION = ExactIndex.unique(QuizStore.POOLS, "_id", VERSION);
    /** Claims on one pool race; far more than the service's concurrency, so running out means something is wrong. */
    private static final int MAX_CAS_ATTEMPTS = 256;

    private final QuizStore store;

    public PoolRepository(QuizStore store) {
        this.store = store;
    }

    /** Creates the counter at full capacity; an existing counter is left alone. */
    public void create(String campaignId, PoolSpec spec) {
        Document doc = new Document("_id", PoolInventory.key(campaignId, spec.id()))
                .append("campaignId", campaignId).append("poolId", spec.id()).append("name", spec.name())
                .append("capacity", spec.capacity()).append("remaining", spec.capacity())
                .append(PENDING, List.of()).append(VERSION, 0L);
        DuplicateKey.insertIfAbsent(store.pools(), doc);
    }

    public Optional<PoolInventory> find(String campaignId, String poolId) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.pools().find(BY_KEY.filter(PoolInventory.key(campaignId, poolId)))
                        .projection(WITHOUT_FAN_LISTS).first(),
                PoolInventory.class, "id"));
    }

    public List<PoolInventory> forCampaign(String campaignId) {
        List<PoolInventory> out = new ArrayList<>();
        for (Document d : store.pools().find(Filters.eq("campaignId", campaignId)).projection(WITHOUT_FAN_LISTS)
                .sort(Sorts.ascending("_id"))) {
            out.add(DocMapper.fromDocument(d, PoolInventory.class, "id"));
        }
        return out;
    }

    /**
     * Takes one unit for {@code fanId} under {@code token}, recorded as pending in the same write. Takes only
     * while units remain and the fan has no pending unit in this pool (nor a legacy holder entry): decided on the
     * document as read by {@code _id}, and written only if it is still that version ({@link #write}).
     *
     * @return true if this call took a unit
     */
    public boolean take(String campaignId, String poolId, String fanId, String token, Instant now) {
        String id = PoolInventory.key(campaignId, poolId);
        return write(id, Projections.include("remaining", PENDING, "holders"), pool -> {
            if (pool.get("remaining", Number.class).intValue() <= 0 || hasPending(pool, "fan", fanId)
                    || pool.getList("holders", String.class, List.of()).contains(fanId)) {
                return null;
            }
            return Updates.combine(Updates.inc("remaining", -1), Updates.push(PENDING, pending(fanId, token, now, false)));
        });
    }

    /** The token of the fan's unit taken and not yet settled, if there is one. */
    public Optional<String> pendingToken(String campaignId, String poolId, String fanId) {
        Document pool = store.pools().find(BY_KEY.filter(PoolInventory.key(campaignId, poolId)))
                .projection(Projections.include(PENDING)).first();
        if (pool == null) {
            return Optional.empty();
        }
        for (Document e : pool.getList(PENDING, Document.class, List.of())) {
            if (fanId.equals(e.getString("fan")) && !e.getBoolean("release", false)) {
                return Optional.ofNullable(e.getString("t"));
            }
        }
        return Optional.empty();
    }

    /** The unit of {@code token} is accounted for by the fan's hold: drop it from pending. Idempotent. */
    public void settle(String campaignId, String poolId, String token) {
        // Bumps the version: a give-back that read this entry must not land after it was settled.
        store.pools().updateOne(BY_KEY.filter(PoolInventory.key(campaignId, poolId)),
                Updates.combine(Updates.pull(PENDING, new Document("t", token)), Updates.inc(VERSION, 1L)));
    }

    /**
     * Puts the unit of {@code token} back on the counter, in the one write that drops it from pending, so it goes
     * back exactly once however often this is called.
     *
     * @return true if this call gave it back
     */
    public boolean giveBack(String campaignId, String poolId, String token) {
        return write(PoolInventory.key(campaignId, poolId), Projections.include(PENDING),
                pool -> hasPending(pool, "t", token)
                        ? Updates.combine(Updates.inc("remaining", 1), Updates.pull(PENDING, new Document("t", token)))
                        : null);
    }

    /**
     * Records that the fan's held unit (hold token {@code token}) is going back, before its hold is dropped, so a
     * crash in between leaves a pending entry the sweeper finishes rather than a unit nobody holds.
     */
    public void markRelease(String campaignId, String poolId, String fanId, String token, Instant now) {
        write(PoolInventory.key(campaignId, poolId), Projections.include(PENDING),
                pool -> hasPending(pool, "t", token) ? null : Updates.push(PENDING, pending(fanId, token, now, true)));
    }

    /** Pending units older than {@code cutoff}, over all pools: what crashed claims left behind (sweeper only). */
    public List<PendingUnit> pendingBefore(Instant cutoff, int limit) {
        List<PendingUnit> out = new ArrayList<>();
        for (Document pool : store.pools().find(Filters.lt(PENDING + ".at", cutoff.toEpochMilli()))
                .projection(Projections.include("campaignId", "poolId", PENDING)).limit(limit)) {
            for (Document e : pool.getList(PENDING, Document.class, List.of())) {
                Instant at = Instant.ofEpochMilli(e.get("at", Number.class).longValue());
                if (at.isBefore(cutoff)) {
                    out.add(new PendingUnit(pool.getString("campaignId"), pool.getString("poolId"), e.getString("fan"),
                            e.getString("t"), at, e.getBoolean("release", false)));
                }
            }
        }
        return out;
    }

    /** A fan of a pool created before holds had their own collection, listed in its {@code holders}. */
    public boolean legacyHolds(String campaignId, String poolId, String fanId) {
        Document pool = store.pools().find(BY_KEY.filter(PoolInventory.key(campaignId, poolId)))
                .projection(Projections.include("holders")).first();
        return pool != null && pool.getList("holders", String.class, List.of()).contains(fanId);
    }

    /** Gives a legacy holder's unit back (it turned out to hold a ticket from another pool). Idempotent. */
    public void releaseLegacy(String campaignId, String poolId, String fanId) {
        write(PoolInventory.key(campaignId, poolId), Projections.include("holders"),
                pool -> pool.getList("holders", String.class, List.of()).contains(fanId)
                        ? Updates.combine(Updates.inc("remaining", 1), Updates.pull("holders", fanId))
                        : null);
    }

    /**
     * A conditional write on one pool by exact lookups only: reads the pool by {@code _id}, lets {@code decide}
     * return the update (or null: the condition does not hold, nothing to write), and applies it by
     * {@code {_id, v}} with {@code v} bumped, so it lands only on the document {@code decide} saw; a concurrent
     * write in between makes it read and decide again. Every write of a pool's counter or pending list goes
     * through here (or bumps {@code v} itself), which is what makes the check and the write one atomic step:
     * the counter cannot go below zero however many claims race. A pool stored before {@code v} existed gets
     * {@code v: 0} first ({@code $max}, by {@code _id}: idempotent).
     *
     * @return true if the update was applied; false if the pool is missing or {@code decide} declined
     */
    private boolean write(String id, Bson projection, java.util.function.Function<Document, Bson> decide) {
        Bson withVersion = Projections.fields(projection, Projections.include(VERSION));
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Document pool = store.pools().find(BY_KEY.filter(id)).projection(withVersion).first();
            if (pool == null) {
                return false;
            }
            Number version = pool.get(VERSION, Number.class);
            if (version == null) {
                store.pools().updateOne(BY_KEY.filter(id), Updates.max(VERSION, 0L));
                continue;
            }
            Bson update = decide.apply(pool);
            if (update == null) {
                return false;
            }
            if (store.pools().updateOne(BY_KEY_AND_VERSION.filter(id, version.longValue()),
                    Updates.combine(update, Updates.inc(VERSION, 1L))).getModifiedCount() == 1) {
                return true;
            }
        }
        // Only under a storm of writes to one pool; the event is retried by its Trigger.
        throw new IllegalStateException("pool " + id + " kept changing during " + MAX_CAS_ATTEMPTS + " attempts");
    }

    private static boolean hasPending(Document pool, String field, String value) {
        for (Document e : pool.getList(PENDING, Document.class, List.of())) {
            if (value.equals(e.getString(field))) {
                return true;
            }
        }
        return false;
    }

    private static Document pending(String fanId, String token, Instant now, boolean release) {
        Document d = new Document("fan", fanId).append("t", token).append("at", now.toEpochMilli());
        return release ? d.append("release", true) : d;
    }

    /**
     * Changes capacity by moving {@code capacity} and {@code remaining} together, guarded so that
     * {@code remaining} never goes negative.
     *
     * @return false when the new capacity is below the tickets already taken
     */
    public boolean resize(String campaignId, PoolSpec spec) {
        for (int attempt = 0; attempt < 16; attempt++) {
            PoolInventory current = find(campaignId, spec.id()).orElse(null);
            if (current == null) {
                create(campaignId, spec);
                return true;
            }
            int delta = spec.capacity() - current.capacity();
            if (current.remaining() + delta < 0) {
                return false;
            }
            long matched = store.pools().updateOne(
                    Filters.and(Filters.eq("_id", current.id()), Filters.eq("capacity", current.capacity()),
                            Filters.gte("remaining", -delta)),
                    Updates.combine(Updates.inc("capacity", delta), Updates.inc("remaining", delta),
                            Updates.set("name", spec.name()), Updates.inc(VERSION, 1L)))
                    .getMatchedCount();
            if (matched == 1) {
                return true;
            }
        }
        throw new IllegalStateException("pool " + spec.id() + " keeps changing; try again");
    }
}
