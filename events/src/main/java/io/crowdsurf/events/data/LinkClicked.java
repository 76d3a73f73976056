package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A short link was followed. */
@RegisterForReflection
public record LinkClicked(String code, String site, String target, String visitorId, String referrer,
        Instant clickedAt) {
}
