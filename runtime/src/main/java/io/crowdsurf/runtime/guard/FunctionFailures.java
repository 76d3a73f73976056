package io.crowdsurf.runtime.guard;

import org.jboss.logging.Logger;

import io.crowdsurf.runtime.rest.ErrorPolicy;
import io.crowdsurf.runtime.rest.Problem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The error policy ({@link ErrorPolicy}) on the function paths, as a Vert.x failure handler in front of
 * Funqy's: what the functions throw becomes an answer a broker understands. A 5xx is redelivered by the
 * Trigger and finally dead-lettered; a 4xx is not retried.
 */
final class FunctionFailures implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(FunctionFailures.class);

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.response().ended()) {
            ctx.next();
            return;
        }
        Problem problem = ErrorPolicy.known(ctx.failure()).orElse(null);
        if (problem == null && ctx.failure() == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            problem = Problem.of(ctx.statusCode(), "Bad Request", "the function cannot take this event");
        }
        if (problem == null && ctx.failure() != null) {
            // MongoDB or Kafka away mid-event, or a bug: a 500, which the broker retries.
            problem = ErrorPolicy.unexpected(LOG, ctx.request().method() + " " + ctx.request().path() + " (ce-id "
                    + ctx.request().getHeader("ce-id") + ")", ctx.failure(),
                    "the event could not be processed now and may be redelivered");
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        if (problem.status() >= 500) {
            LOG.debugf("%s answered %d: %s", ctx.request().path(), problem.status(), problem.detail());
        }
        ProblemResponse.send(ctx, problem);
    }
}
