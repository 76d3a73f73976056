package io.crowdsurf.runtime.guard;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives an empty request body an empty buffer, on every route. With the global body handler (which Funqy
 * requires) a zero-byte body leaves {@code ctx.body()} without a buffer, and Quarkus REST then waits forever
 * for input that already ended: a {@code POST}/{@code PUT} with an empty body was never answered.
 */
final class EmptyBody implements Handler<RoutingContext> {

    @Override
    @SuppressWarnings("deprecation") // RoutingContext.setBody is public API of Vert.x 4 (deprecated for handlers, not internal)
    public void handle(RoutingContext ctx) {
        RequestBody body = ctx.body();
        if (body != null && body.available() && body.buffer() == null) {
            ctx.setBody(Buffer.buffer());
        }
        ctx.next();
    }
}
