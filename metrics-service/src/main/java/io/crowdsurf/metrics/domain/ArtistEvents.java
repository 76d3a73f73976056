package io.crowdsurf.metrics.domain;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An artist's stored tour dates, as the admin API wrote them.
 *
 * @param artist    the artist's id in URLs ({@code [a-z0-9][a-z0-9._-]*})
 * @param name      display name, or null (the widget then shows none)
 * @param site      the registered tracking site the widget's impressions and clicks are counted under
 * @param events    sorted by date and time
 * @param updatedAt when the admin last stored them
 */
@RegisterForReflection
public record ArtistEvents(String artist, String name, String site, List<TourDate> events, Instant updatedAt) {

    public ArtistEvents {
        events = List.copyOf(events);
    }
}
