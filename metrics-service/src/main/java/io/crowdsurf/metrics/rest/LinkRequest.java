package io.crowdsurf.metrics.rest;

/** Body of {@code POST /api/v1/links}: only {@code target} is required. */
public record LinkRequest(String target, String code, String campaign, String site, String expiresAt) {
}
