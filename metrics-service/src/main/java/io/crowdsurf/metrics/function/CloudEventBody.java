package io.crowdsurf.metrics.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Buffers the body of {@code POST /} (the CloudEvent deliveries, 1 MiB at most, 413 beyond) before the runtime's
 * CloudEventGuard reads it. Only this path: every other endpoint keeps Quarkus' streaming reads (the CSV import).
 */
@ApplicationScoped
public class CloudEventBody {

    /** Before the guard (-100) and Quarkus REST. */
    static final int ORDER = -200;

    private final long limit;

    public CloudEventBody(MetricsConfig config) {
        this.limit = config.maxRequestBytes();
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, "/").order(ORDER).handler(BodyHandler.create(false).setBodyLimit(limit));
    }
}
