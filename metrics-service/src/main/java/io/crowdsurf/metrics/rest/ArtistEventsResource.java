package io.crowdsurf.metrics.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.crowdsurf.metrics.config.WidgetConfig;
import io.crowdsurf.metrics.domain.ArtistEvents;
import io.crowdsurf.metrics.domain.InvalidFieldException;
import io.crowdsurf.metrics.domain.TourRules;
import io.crowdsurf.metrics.persistence.ArtistEventsRepository;
import io.crowdsurf.metrics.service.WidgetCache;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.StrictJson;

/**
 * The admin side of the widget: an artist's whole tour list is replaced by a PUT and read back by a GET. The public
 * widget of this replica shows a PUT in its next answer (the stored list goes straight into {@link WidgetCache});
 * other replicas show it when their page is refreshed: within {@code metrics.widget.cache-ttl} (10 s) + the refresh
 * tick + the read's own latency, never later than ttl + {@code cache-stale} (12 s).
 */
@Path("/api/v1/artists/{artist}/events")
public class ArtistEventsResource {

    private final AdminGate admin;
    private final StrictJson bodies;
    private final ArtistEventsRepository repository;
    private final WidgetCache cache;
    private final int maxEvents;

    public ArtistEventsResource(AdminGate admin, StrictJson bodies, ArtistEventsRepository repository,
            WidgetCache cache, WidgetConfig config) {
        this.admin = admin;
        this.bodies = bodies;
        this.repository = repository;
        this.cache = cache;
        this.maxEvents = config.maxEvents();
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ArtistEvents put(@PathParam("artist") String artist, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            byte[] body) {
        admin.check(auth);
        validArtist(artist);
        ArtistEventsRequest request = bodies.read(body, ArtistEventsRequest.class);
        // Stamped to the millisecond, the precision MongoDB keeps: the page this PUT puts into the cache and the page
        // any replica renders from the stored document are then the same bytes, so the same ETag (a client's
        // If-None-Match keeps matching after the next refresh).
        ArtistEvents events = TourRules.parse(artist, request.name(), request.site(), request.events(), maxEvents,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        repository.store(events);
        cache.stored(events);
        return events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ArtistEvents get(@PathParam("artist") String artist, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        admin.check(auth);
        validArtist(artist);
        return repository.findForAdmin(artist).orElseThrow(() -> new ProblemException(
                Problem.of(404, "Not Found", "no events are stored for artist '" + artist + "'")));
    }

    static void validArtist(String artist) {
        if (!TourRules.validArtist(artist)) {
            throw new InvalidFieldException("artist", "the artist id must be 1-64 of a-z 0-9 . _ - , starting "
                    + "with a letter or digit");
        }
    }
}
