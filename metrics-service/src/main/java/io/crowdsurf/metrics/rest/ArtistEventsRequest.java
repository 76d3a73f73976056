package io.crowdsurf.metrics.rest;

import java.util.List;

import io.crowdsurf.metrics.domain.TourDateInput;

/** Body of {@code PUT /api/v1/artists/{artist}/events}: the whole list, replacing the stored one. */
public record ArtistEventsRequest(String name, String site, List<TourDateInput> events) {
}
