package io.crowdsurf.metrics.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.domain.TourRules;
import io.crowdsurf.metrics.service.WidgetCache;
import io.crowdsurf.metrics.service.WidgetPage;
import io.crowdsurf.runtime.rest.Problem;

/**
 * The public widget list, full path. Cache hits of plain GETs are answered before this by {@link WidgetRoute}; what
 * comes here is a miss (it waits, off the event loop's time, for the one database read in flight for that artist,
 * {@link WidgetCache}), an invalid artist, a GET with a body, and the CORS preflight. Every answer — 200, 304, 404,
 * 400, 503 — carries CORS for any origin, since affiliate sites call it from their own pages.
 */
@Path("/widget/artists/{artist}/events")
public class WidgetResource {

    private static final Logger LOG = Logger.getLogger(WidgetResource.class);
    static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    private final WidgetCache cache;
    /** The same for every answer: built once, not per request. */
    private final String cacheControl;
    private final String[] ages;

    public WidgetResource(WidgetCache cache) {
        this.cache = cache;
        this.cacheControl = "public, max-age=" + cache.ttlSeconds();
        this.ages = new String[(int) cache.hardLimitSeconds() + 1];
        for (int i = 0; i < ages.length; i++) {
            ages[i] = Integer.toString(i);
        }
    }

    @GET
    public CompletionStage<Response> events(@PathParam("artist") String artist,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!TourRules.validArtist(artist)) {
            return CompletableFuture.completedFuture(cors(Response.fromResponse(Problem.invalid("artist",
                    "the artist id must be 1-64 of a-z 0-9 . _ - , starting with a letter or digit").toResponse()))
                    .build());
        }
        return cache.page(artist).handle((page, failure) -> {
            if (failure != null) {
                LOG.debugf("widget %s unavailable: %s", artist, failure.getMessage());
                return cors(Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                        "the event list cannot be read now; retry later").toResponse()).header("Retry-After", "5"))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            return answer(page, ifNoneMatch);
        });
    }

    private Response answer(WidgetPage page, String ifNoneMatch) {
        long age = cache.ageSeconds(page);
        Response.ResponseBuilder r;
        if (page.status() == 200 && EntityTags.matches(ifNoneMatch, page.etag())) {
            r = Response.notModified();
        } else {
            r = Response.status(page.status()).entity(page.body())
                    .type(page.status() == 200 ? MediaType.APPLICATION_JSON : PROBLEM_JSON);
        }
        // Age makes any cache downstream (browser, CDN) expire the copy when ours is due, so a PUT is visible
        // everywhere within one period, not two (a stale page, 10-12 s old, is stale downstream at once).
        return cors(r).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.ETAG, page.etag()).header("Age", ages[(int) Math.min(age, ages.length - 1)])
                .build();
    }

    /** The preflight of a cross-origin GET carrying If-None-Match (not a CORS-safelisted header). */
    @OPTIONS
    public Response preflight(@PathParam("artist") String artist) {
        return cors(Response.noContent()).header("Access-Control-Allow-Methods", "GET, OPTIONS")
                .header("Access-Control-Allow-Headers", "If-None-Match")
                .header("Access-Control-Max-Age", "86400").build();
    }

    static Response.ResponseBuilder cors(Response.ResponseBuilder r) {
        return r.header("Access-Control-Allow-Origin", "*").header("Access-Control-Expose-Headers", "ETag, Age");
    }
}
