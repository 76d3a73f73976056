package io.crowdsurf.quiz.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.crowdsurf.quiz.Fan;
import io.crowdsurf.quiz.FanState;

/**
 * Fan documents, one per (campaign, fan). Every write is a single-document compare-and-set:
 * insert-if-absent for a new fan, replace-if-version-unchanged afterwards.
 */
@ApplicationScoped
public class FanRepository {

    private final QuizStore store;

    public FanRepository(QuizStore store) {
        this.store = store;
    }

    public Optional<Fan> find(String campaignId, String fanId) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.fans().find(Filters.eq("_id", Fan.key(campaignId, fanId))).first(), Fan.class, "id"));
    }

    /** @return false when the fan already exists (a concurrent first message won) */
    public boolean insert(Fan fan) {
        store.ensureIndexes();
        try {
            store.fans().insertOne(DocMapper.toDocument(fan, "id"));
            return true;
        } catch (MongoException e) {
            if (QuizStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** @return false when the stored version is no longer {@code next.version() - 1} */
    public boolean replace(Fan next) {
        return store.fans().replaceOne(
                Filters.and(Filters.eq("_id", next.id()), Filters.eq("version", next.version() - 1)),
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

    public long count(String campaignId, Bson filter) {
        return store.fans().countDocuments(Filters.and(Filters.eq("campaignId", campaignId), filter));
    }

    public long count(String campaignId) {
        return store.fans().countDocuments(Filters.eq("campaignId", campaignId));
    }
}
