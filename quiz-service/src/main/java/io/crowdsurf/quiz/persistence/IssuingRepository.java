package io.crowdsurf.quiz.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.IssuingMarker;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * The fans in ISSUING, one marker each ({@code quiz_issuing}, {@code _id} = the fan's key): written before the fan
 * enters ISSUING and deleted after it left, so the collection holds only claims in flight (and the few a crash
 * interrupted). The sweeper lists it — a scan of that small collection, never of the fans.
 */
@ApplicationScoped
public class IssuingRepository {

    static final ExactIndex BY_KEY = ExactIndex.id(QuizStore.ISSUING);
    /** clear(): only the marker of the claim that ended. */
    @Produces
    static final ExactIndex BY_KEY_AND_TOKEN = ExactIndex.unique(QuizStore.ISSUING, "_id", "token");

    private final QuizStore store;

    public IssuingRepository(QuizStore store) {
        this.store = store;
    }

    /** Marks {@code next} (about to be written in ISSUING) as claiming; a marker of an earlier claim is replaced. */
    public void mark(Fan next, Instant now) {
        store.ensureIndexes();
        store.issuing().replaceOne(BY_KEY.filter(next.key()), new Document("_id", next.key())
                .append("token", next.pendingEventKey()).append("campaignId", next.campaignId())
                .append("fanId", next.conversationId()).append("version", next.version())
                .append("since", now.toEpochMilli()), new ReplaceOptions().upsert(true));
    }

    /** Deletes the marker of the claim {@code token} of the fan {@code key}, if it is still that claim's. */
    public void clear(String key, String token) {
        store.issuing().deleteOne(BY_KEY_AND_TOKEN.filter(key, token));
    }

    /** Markers older than {@code cutoff}, oldest first, at most {@code limit}. */
    public List<IssuingMarker> before(Instant cutoff, int limit) {
        List<IssuingMarker> out = new ArrayList<>();
        for (Document d : store.issuing().find(Filters.lt("since", cutoff.toEpochMilli()))
                .sort(Sorts.ascending("since")).limit(limit)) {
            out.add(new IssuingMarker(d.getString("_id"), d.getString("campaignId"), d.getString("fanId"),
                    d.getString("token"), d.get("version", Number.class).longValue(),
                    Instant.ofEpochMilli(d.get("since", Number.class).longValue())));
        }
        return out;
    }
}
