package io.crowdsurf.metrics.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.crowdsurf.metrics.domain.VisitorState;

/** Where visitor states live; implemented in persistence. */
public interface VisitorStore {

    record Stored(long offset, VisitorState state) {
    }

    record Write(String id, long expectedOffset, long newOffset, VisitorState state) {
    }

    Map<String, Stored> load(Collection<String> ids);

    /** Compare-and-set writes; returns how many applied. */
    int save(List<Write> writes);
}
