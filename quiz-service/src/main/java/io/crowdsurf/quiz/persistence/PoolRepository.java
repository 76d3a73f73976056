package io.crowdsurf.quiz.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * Ticket pool counters. {@link #take} is the one atomic conditional decrement guarding the inventory:
 * it matches only while {@code remaining > 0} — the counter cannot go below zero however many claims
 * race — and only if the fan is not yet among the pool's {@code holders}, which it joins in the same
 * write. So a claim that is retried (redelivery, crash, two replicas) can always tell whether it already
 * took its unit, and never takes two. The holders list is bounded by the capacity
 * (see {@code CampaignValidator#MAX_CAPACITY}) and is excluded from every bulk read.
 */
@ApplicationScoped
public class PoolRepository {

    private static final Bson WITHOUT_HOLDERS = Projections.exclude("holders");

    static final ExactIndex BY_KEY = ExactIndex.id(QuizStore.POOLS);

    private final QuizStore store;

    public PoolRepository(QuizStore store) {
        this.store = store;
    }

    /** Creates the counter at full capacity; an existing counter is left alone. */
    public void create(String campaignId, PoolSpec spec) {
        Document doc = new Document("_id", PoolInventory.key(campaignId, spec.id()))
                .append("campaignId", campaignId).append("poolId", spec.id()).append("name", spec.name())
                .append("capacity", spec.capacity()).append("remaining", spec.capacity())
                .append("holders", List.of());
        DuplicateKey.insertIfAbsent(store.pools(), doc);
    }

    public Optional<PoolInventory> find(String campaignId, String poolId) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.pools().find(BY_KEY.filter(PoolInventory.key(campaignId, poolId)))
                        .projection(WITHOUT_HOLDERS).first(),
                PoolInventory.class, "id"));
    }

    public List<PoolInventory> forCampaign(String campaignId) {
        List<PoolInventory> out = new ArrayList<>();
        for (Document d : store.pools().find(Filters.eq("campaignId", campaignId)).projection(WITHOUT_HOLDERS)
                .sort(Sorts.ascending("_id"))) {
            out.add(DocMapper.fromDocument(d, PoolInventory.class, "id"));
        }
        return out;
    }

    /** Takes one unit for {@code fanId}: true if taken by this call; false if none left or the fan holds one. */
    public boolean take(String campaignId, String poolId, String fanId) {
        return store.pools().updateOne(
                Filters.and(Filters.eq("_id", PoolInventory.key(campaignId, poolId)),
                        Filters.gt("remaining", 0),
                        Filters.ne("holders", fanId)),
                Updates.combine(Updates.inc("remaining", -1), Updates.push("holders", fanId)))
                .getModifiedCount() == 1;
    }

    /** Whether the fan already took a unit of this pool. */
    public boolean holds(String campaignId, String poolId, String fanId) {
        return store.pools().countDocuments(Filters.and(
                Filters.eq("_id", PoolInventory.key(campaignId, poolId)), Filters.eq("holders", fanId))) > 0;
    }

    /** Gives a fan's unit back (it turned out to hold a ticket from another pool). Idempotent. */
    public void release(String campaignId, String poolId, String fanId) {
        store.pools().updateOne(
                Filters.and(Filters.eq("_id", PoolInventory.key(campaignId, poolId)), Filters.eq("holders", fanId)),
                Updates.combine(Updates.inc("remaining", 1), Updates.pull("holders", fanId)));
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
                            Updates.set("name", spec.name())))
                    .getMatchedCount();
            if (matched == 1) {
                return true;
            }
        }
        throw new IllegalStateException("pool " + spec.id() + " keeps changing; try again");
    }
}
