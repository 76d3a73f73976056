package io.crowdsurf.metrics.service;

import io.vertx.core.buffer.Buffer;

/**
 * One rendered public answer of the widget endpoint, shared by every request until it expires.
 *
 * @param status   200, or 404 for an artist without a stored list (cached too, so unknown artists cost at most
 *                 one read per period as well)
 * @param body     the JSON bytes, exactly as sent
 * @param etag     strong entity tag of {@code body}, quoted
 * @param loadedAt {@link System#nanoTime()} when the read that produced it started (or the PUT stored it): the
 *                 page reflects every write made before then
 * @param wire     {@code body} as a Vert.x buffer, built once: each write sends a slice of it, so a cache hit does
 *                 not copy the body ({@code Buffer.buffer(byte[])} copies on every call)
 */
public record WidgetPage(int status, byte[] body, String etag, long loadedAt, Buffer wire) {

    public WidgetPage(int status, byte[] body, String etag, long loadedAt) {
        this(status, body, etag, loadedAt, Buffer.buffer(body));
    }
}
