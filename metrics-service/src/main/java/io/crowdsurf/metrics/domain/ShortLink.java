package io.crowdsurf.metrics.domain;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A registered short link.
 *
 * @param code      the path segment of {@code /l/<code>}
 * @param campaign  counted as the Matomo campaign of its clicks, or null
 * @param site      the tracking site its clicks count under, or null (then only {@code link.clicked} is emitted)
 * @param expiresAt after it the code redirects to the base URL, or null for never
 */
@RegisterForReflection
public record ShortLink(String code, String target, String campaign, String site, Instant createdAt,
        Instant expiresAt) {

    public boolean liveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
