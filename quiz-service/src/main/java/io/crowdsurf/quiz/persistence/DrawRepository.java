package io.crowdsurf.quiz.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;

import io.crowdsurf.quiz.Draw;

/** Draw records, keyed by campaign and draw event: the first stored result of a draw is final. */
@ApplicationScoped
public class DrawRepository {

    private final QuizStore store;

    public DrawRepository(QuizStore store) {
        this.store = store;
    }

    /** @param id {@link Draw#key} of the campaign and the draw event */
    public Optional<Draw> find(String id) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.draws().find(Filters.eq("_id", id)).first(), Draw.class, "id"));
    }

    /** Stores the draw unless one with the same key exists; returns the stored one either way. */
    public Draw insertOrGet(Draw draw) {
        try {
            store.draws().insertOne(DocMapper.toDocument(draw, "id"));
            return draw;
        } catch (MongoException e) {
            if (QuizStore.isDuplicateKey(e)) {
                return find(draw.id()).orElseThrow();
            }
            throw e;
        }
    }
}
