package io.crowdsurf.quiz;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An outgoing CloudEvent kept in the fan document until it is (re)published: type, id, and JSON data. */
@RegisterForReflection
public record StoredEvent(String type, String id, String data) {
}
