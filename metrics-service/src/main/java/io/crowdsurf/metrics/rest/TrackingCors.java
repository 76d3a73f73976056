package io.crowdsurf.metrics.rest;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS on the tracking doors ({@code /matomo.php}, {@code /piwik.php}, {@code /t.gif}, {@code /api/v1/track}), answered
 * as Matomo's tracker answers: the JavaScript tracker POSTs cross-origin with {@code XMLHttpRequest} or
 * {@code navigator.sendBeacon}, and a beacon is always sent with credentials, so a request with an {@code Origin}
 * gets that origin back with {@code Access-Control-Allow-Credentials: true} (a {@code *} would make the browser drop
 * a preflighted beacon); without one, {@code *}. An {@code OPTIONS} preflight is answered here with 204, before the
 * resources. No cookie is read or set anywhere, so reflecting the origin exposes nothing. The headers are added
 * when the response is written, so every answer carries them — GIF, bulk status, 400, 413, 503 alike. The admin
 * and report APIs have no CORS: browsers keep them same-origin.
 */
@ApplicationScoped
public class TrackingCors {

    static final Set<String> PATHS = Set.of("/matomo.php", "/piwik.php", "/t.gif", "/api/v1/track");
    /** Before Quarkus's upload-limit route (-2) and {@link BodyLimit} (-1), so their 413s carry the headers too. */
    static final int ORDER = -3;
    static final String ALLOWED_HEADERS = "Content-Type, Authorization";
    /** Browsers cap it (Chromium at 2 hours); a day is what Matomo-style endpoints commonly send. */
    static final String MAX_AGE = "86400";

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!PATHS.contains(path)) {
            ctx.next();
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        String methods = path.equals("/t.gif") ? "GET, OPTIONS" : "GET, POST, OPTIONS";
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            MultiMap h = ctx.response().headers();
            allowOrigin(h, origin);
            h.set("Access-Control-Allow-Methods", methods);
            h.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            h.set("Access-Control-Max-Age", MAX_AGE);
            h.set("Allow", methods);
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.addHeadersEndHandler(v -> allowOrigin(ctx.response().headers(), origin));
        ctx.next();
    }

    static void allowOrigin(MultiMap h, String origin) {
        if (origin == null || origin.isBlank() || origin.length() > 2048) {
            h.set("Access-Control-Allow-Origin", "*");
        } else {
            h.set("Access-Control-Allow-Origin", origin);
            h.set("Access-Control-Allow-Credentials", "true");
        }
        h.set("Vary", "Origin");
    }
}
