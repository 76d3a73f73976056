package io.crowdsurf.quiz.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A ticket pool as configured: one per event (Amsterdam, New York), with a fixed capacity.
 *
 * @param url  optional: the event's page (http/https), sent with the ticket
 * @param link what the ticket message carries for {@code url}: the campaign's short link
 *             ({@code <links base>/l/<code>}, registered with metrics-service when the campaign opens, so clicks
 *             from chats are counted per campaign), or {@code url} itself when short links are disabled. Set by
 *             quiz-service, never by the admin (a value sent in a request is replaced)
 */
@RegisterForReflection
public record PoolSpec(String id, String name, int capacity, String url, String link) {

    public PoolSpec(String id, String name, int capacity) {
        this(id, name, capacity, null, null);
    }

    public PoolSpec withLink(String value) {
        return new PoolSpec(id, name, capacity, url, value);
    }
}
