package io.crowdsurf.metrics.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.crowdsurf.metrics.domain.TourRules;
import io.crowdsurf.metrics.service.WidgetCache;
import io.crowdsurf.metrics.service.WidgetPage;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The widget's hit path, on the event loop before any other route: a body-less {@code GET} of an artist whose page
 * {@link WidgetCache#servable} returns is answered here with the cached bytes and header values built once — a map
 * lookup and a write, no Quarkus REST dispatch, no filters. Everything else — a miss that has to wait for MongoDB,
 * an invalid artist, a request with a body (BodyLimit's 413), {@code OPTIONS} — goes on to {@link WidgetResource},
 * which answers with the same headers and bytes (checked by WidgetApiTest for both paths).
 */
@ApplicationScoped
public class WidgetRoute {

    /** Before TrackingCors (-3), Quarkus's upload limit (-2) and BodyLimit (-1): none of them concerns a hit. */
    static final int ORDER = -4;
    static final String PATH = "/widget/artists/:artist/events";

    static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
    static final CharSequence ETAG = HttpHeaders.ETAG;
    static final CharSequence AGE = HttpHeaders.createOptimized("Age");
    static final CharSequence ALLOW_ORIGIN = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN;
    static final CharSequence EXPOSE = HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS;
    static final CharSequence ANY = HttpHeaders.createOptimized("*");
    static final CharSequence EXPOSED = HttpHeaders.createOptimized("ETag, Age");
    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    static final CharSequence PROBLEM = HttpHeaders.createOptimized(WidgetResource.PROBLEM_JSON);

    private final WidgetCache cache;
    private final CharSequence cacheControl;
    /** Age values 0..hard limit, built once. */
    private final CharSequence[] ages;

    public WidgetRoute(WidgetCache cache) {
        this.cache = cache;
        this.cacheControl = HttpHeaders.createOptimized("public, max-age=" + cache.ttlSeconds());
        this.ages = new CharSequence[(int) cache.hardLimitSeconds() + 1];
        for (int i = 0; i < ages.length; i++) {
            ages[i] = HttpHeaders.createOptimized(Integer.toString(i));
        }
    }

    void install(@Observes Router router) {
        router.get(PATH).order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        MultiMap in = req.headers();
        // A body on a GET is odd input: leave it to the full path (size limit, 4xx).
        String length = in.get(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.equals("0") || in.contains(HttpHeaders.TRANSFER_ENCODING)) {
            ctx.next();
            return;
        }
        String artist = ctx.pathParam("artist");
        WidgetPage page = artist != null && TourRules.validArtist(artist) ? cache.servable(artist) : null;
        if (page == null) {
            ctx.next();
            return;
        }
        HttpServerResponse res = ctx.response();
        MultiMap out = res.headers();
        out.add(CACHE_CONTROL, cacheControl);
        out.add(ETAG, page.etag());
        out.add(AGE, ages[(int) Math.min(cache.ageSeconds(page), ages.length - 1)]);
        out.add(ALLOW_ORIGIN, ANY);
        out.add(EXPOSE, EXPOSED);
        if (page.status() == 200 && EntityTags.matches(in.get(HttpHeaders.IF_NONE_MATCH), page.etag())) {
            res.setStatusCode(304).end();
            return;
        }
        out.add(HttpHeaders.CONTENT_TYPE, page.status() == 200 ? JSON : PROBLEM);
        res.setStatusCode(page.status()).end(page.wire());
    }
}
