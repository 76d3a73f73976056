package io.crowdsurf.quiz;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events one incoming event caused, stored with the state change so a redelivery can publish them again.
 *
 * @param replyBase reply ids are {@code <replyBase>:<n>}, n counting from 0 over this entry's replies
 */
@RegisterForReflection
public record OutboxEntry(String eventKey, String replyBase, List<StoredEvent> events) {

    public OutboxEntry {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
