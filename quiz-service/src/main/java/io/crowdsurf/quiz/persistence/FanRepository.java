package io.crowdsurf.quiz.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanCounts;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * Fan documents, one per (campaign, fan). Every write is a single-document compare-and-set:
 * insert-if-absent for a new fan, replace-if-version-unchanged afterwards. The per-message reads and writes are
 * exact lookups ({@link ExactIndex}); {@link #entrants} and {@link #stats} are not, and run only for draws and
 * the admin API.
 */
@ApplicationScoped
public class FanRepository {

    static final String COLLECTION = QuizStore.FANS;
    static final ExactIndex BY_KEY = ExactIndex.id(COLLECTION);
    /** replace(): the document as read, by key and version. */
    @Produces
    static final ExactIndex BY_KEY_AND_VERSION = ExactIndex.unique(COLLECTION, "_id", "version");

    private final QuizStore store;

    public FanRepository(QuizStore store) {
        this.store = store;
    }

    public Optional<Fan> find(String campaignId, String conversationId) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.fans().find(BY_KEY.filter(Fan.keyOf(campaignId, conversationId))).first(), Fan.class, "id"));
    }

    /** @return false when the fan already exists (a concurrent first message won) */
    public boolean insert(Fan fan) {
        store.ensureIndexes();
        return DuplicateKey.insertIfAbsent(store.fans(), DocMapper.toDocument(fan, "id"));
    }

    /** @return false when the stored version is no longer {@code next.version() - 1} */
    public boolean replace(Fan next) {
        return store.fans().replaceOne(BY_KEY_AND_VERSION.filter(next.key(), next.version() - 1),
                DocMapper.toDocument(next, "id")).getMatchedCount() == 1;
    }

    /** Entrants waiting for a draw, with just what the draw needs. */
    public List<Fan> entrants(String campaignId) {
        List<Fan> out = new ArrayList<>();
        for (Document d : store.fans().find(Filters.and(Filters.eq("campaignId", campaignId),
                Filters.eq("state", FanState.ENTERED.name())))
                .projection(Projections.include("campaignId", "fanId", "platform", "botId", "userId", "state",
                        "version", "lastMessageAt"))) {
            out.add(DocMapper.fromDocument(d, Fan.class, "id"));
        }
        return out;
    }

    /** Whether anyone has played the campaign yet. */
    public boolean anyPlayed(String campaignId) {
        return count(Filters.eq("campaignId", campaignId)) > 0;
    }

    public FanCounts stats(String campaignId) {
        return new FanCounts(
                count(Filters.eq("campaignId", campaignId)),
                count(campaignId, Filters.eq("state", FanState.ENTERED.name())),
                count(campaignId, Filters.eq("selected", true)),
                count(campaignId, Filters.eq("state", FanState.NOT_SELECTED.name())),
                count(campaignId, Filters.gt("answered", 0)),
                count(campaignId, Filters.eq("won", true)),
                count(campaignId, Filters.eq("state", FanState.LOST.name())),
                count(campaignId, Filters.eq("state", FanState.SOLD_OUT.name())));
    }

    private long count(String campaignId, Bson filter) {
        return count(Filters.and(Filters.eq("campaignId", campaignId), filter));
    }

    private long count(Bson filter) {
        return store.fans().countDocuments(filter);
    }
}
