package io.crowdsurf.metrics.rest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds every endpoint but the CSV import to {@code metrics.max-request-bytes}. The server-wide
 * {@code quarkus.http.limits.max-body-size} is huge so that the import can stream; this route runs right after
 * Quarkus's own limit route: a declared {@code Content-Length} over the limit is a 413 before any byte is read,
 * and for a chunked body it lowers the limit Quarkus REST enforces while reading (also a 413).
 */
@ApplicationScoped
public class BodyLimit {

    /** Quarkus's routing-context key for the body size limit of a request without Content-Length. */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    /** After Quarkus's upload-limit route (order -2), before Quarkus REST. */
    static final int ORDER = -1;
    static final Pattern IMPORT = Pattern.compile("/api/v1/sites/[^/]+/import/?");

    private final long limit;

    public BodyLimit(MetricsConfig config) {
        this.limit = config.maxRequestBytes();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        if (IMPORT.matcher(ctx.normalizedPath()).matches()) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                        + "\"detail\":\"the body is larger than " + limit + " bytes\"}").getBytes(StandardCharsets.UTF_8);
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close").end(io.vertx.core.buffer.Buffer.buffer(body));
                return;
            }
        } else {
            ctx.put(MAX_REQUEST_SIZE_KEY, limit);
        }
        ctx.next();
    }
}
