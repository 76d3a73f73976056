package io.crowdsurf.metrics.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** {@code /stats traffic}: visits, actions and the top section of a site, from part 1's rollups. */
@ApplicationScoped
public class TrafficStats {

    public String answer(String site, String period, Instant now) {
        return "Traffic reports are not available yet.";
    }
}
