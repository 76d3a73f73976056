package io.crowdsurf.quiz.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.quiz.domain.Draw;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/** Draw records, keyed by campaign and draw event: the first stored result of a draw is final. */
@ApplicationScoped
public class DrawRepository {

    static final ExactIndex BY_ID = ExactIndex.id(QuizStore.DRAWS);

    private final QuizStore store;

    public DrawRepository(QuizStore store) {
        this.store = store;
    }

    /** @param id {@link Draw#key} of the campaign and the draw event */
    public Optional<Draw> find(String id) {
        return Optional.ofNullable(DocMapper.fromDocument(
                store.draws().find(BY_ID.filter(id)).first(), Draw.class, "id"));
    }

    /** Stores the draw unless one with the same key exists; returns the stored one either way. */
    public Draw insertOrGet(Draw draw) {
        return DuplicateKey.insertIfAbsent(store.draws(), DocMapper.toDocument(draw, "id")) ? draw
                : find(draw.id()).orElseThrow();
    }
}
