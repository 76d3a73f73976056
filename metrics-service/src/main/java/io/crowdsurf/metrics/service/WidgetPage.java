package io.crowdsurf.metrics.service;

/**
 * One rendered public answer of the widget endpoint, shared by every request until it expires.
 *
 * @param status   200, or 404 for an artist without a stored list (cached too, so unknown artists cost at most
 *                 one read per period as well)
 * @param body     the JSON bytes, exactly as sent
 * @param etag     strong entity tag of {@code body}, quoted
 * @param loadedAt {@link System#nanoTime()} when the read that produced it started (or the PUT stored it): the
 *                 page reflects every write made before then
 */
public record WidgetPage(int status, byte[] body, String etag, long loadedAt) {
}
