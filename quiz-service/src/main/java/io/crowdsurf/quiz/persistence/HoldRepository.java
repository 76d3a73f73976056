package io.crowdsurf.quiz.persistence;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;

import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * Which fan holds a unit of which pool: one small document per (pool, fan), {@code _id = <campaign>|<pool>|<fan>},
 * carrying the token of the decrement that took the unit. Inserted once (insert-if-absent: the {@code _id} index
 * refuses a second), so a fan holds at most one unit per pool, and every lookup is by {@code _id} — constant cost
 * however many tickets a pool has issued.
 */
@ApplicationScoped
public class HoldRepository {

    static final ExactIndex BY_KEY = ExactIndex.id(QuizStore.HOLDS);
    /** drop(): only the hold of the unit being released. */
    @Produces
    static final ExactIndex BY_KEY_AND_TOKEN = ExactIndex.unique(QuizStore.HOLDS, "_id", "t");

    private final QuizStore store;

    public HoldRepository(QuizStore store) {
        this.store = store;
    }

    static String key(String campaignId, String poolId, String fanId) {
        return PoolInventory.key(campaignId, poolId) + "|" + fanId;
    }

    /** The token of the unit the fan holds in this pool, if it holds one. */
    public Optional<String> token(String campaignId, String poolId, String fanId) {
        Document hold = store.holds().find(BY_KEY.filter(key(campaignId, poolId, fanId))).first();
        return hold == null ? Optional.empty() : Optional.ofNullable(hold.getString("t"));
    }

    /** @return false when the fan holds a unit of this pool already (under whichever token) */
    public boolean insert(String campaignId, String poolId, String fanId, String token, Instant now) {
        store.ensureIndexes();
        return DuplicateKey.insertIfAbsent(store.holds(), new Document("_id", key(campaignId, poolId, fanId))
                .append("t", token).append("campaignId", campaignId).append("poolId", poolId).append("fanId", fanId)
                .append("at", now.toEpochMilli()));
    }

    /** Drops the fan's hold if it is the one of {@code token}. Idempotent. */
    public void drop(String campaignId, String poolId, String fanId, String token) {
        store.holds().deleteOne(BY_KEY_AND_TOKEN.filter(key(campaignId, poolId, fanId), token));
    }
}
