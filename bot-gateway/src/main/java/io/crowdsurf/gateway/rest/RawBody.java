package io.crowdsurf.gateway.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

/**
 * The request body exactly as received. Funqy makes Quarkus install Vert.x's body handler on every
 * route, so the bytes are already in memory (and capped by quarkus.http.limits.max-body-size); taking
 * them from there also avoids a quarkus-rest body parameter, which hung on empty bodies in that setup
 * (the runtime's CloudEventGuard now gives an empty body an empty buffer on every route; the bytes, exactly
 * as received, are still what the webhook signatures are checked against).
 */
final class RawBody {

    private RawBody() {
    }

    static byte[] of(RoutingContext context) {
        RequestBody body = context.body();
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
