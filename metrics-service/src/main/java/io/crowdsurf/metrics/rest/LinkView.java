package io.crowdsurf.metrics.rest;

import java.time.Instant;

import io.crowdsurf.metrics.domain.ShortLink;

/** A short link as the admin API shows it, with the URL to hand out. */
public record LinkView(String code, String shortUrl, String target, String campaign, String site, Instant createdAt,
        Instant expiresAt) {

    static LinkView of(ShortLink l, String shortUrl) {
        return new LinkView(l.code(), shortUrl, l.target(), l.campaign(), l.site(), l.createdAt(), l.expiresAt());
    }
}
