package io.crowdsurf.metrics.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One tracking request as it arrived, whatever the door (matomo.php, a bulk entry, /api/v1/track, the pixel, a
 * CSV row): Matomo parameter names and their decoded values, plus what the HTTP request itself says.
 *
 * @param params          Matomo tracking parameters ({@code idsite}, {@code rec}, {@code url}, ...)
 * @param clientIp        the client's address, or null
 * @param userAgent       the {@code User-Agent} header ({@code ua} overrides it), or null
 * @param acceptLanguage  the {@code Accept-Language} header ({@code lang} overrides it), or null
 * @param receivedAt      when the request arrived
 * @param authenticated   a valid {@code token_auth} (or admin bearer token) came with it: {@code cip} and
 *                        a {@code cdt} older than 24 h are honoured
 */
public record TrackingInput(Map<String, String> params, String clientIp, String userAgent, String acceptLanguage,
        Instant receivedAt, boolean authenticated) {
}
