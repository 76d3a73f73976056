package io.crowdsurf.metrics.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.MetricsConfig;

/**
 * The admin token check of the report APIs and the dashboard ({@code CROWDSURF_ADMIN_TOKEN}, as a bearer token
 * or Matomo's {@code token_auth}). No token configured: nothing is accepted. Compared in constant time.
 */
@ApplicationScoped
public class ReportAuth {

    private final Optional<byte[]> token;

    public ReportAuth(MetricsConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public boolean accepts(String presented) {
        return presented != null && token.isPresent()
                && MessageDigest.isEqual(presented.trim().getBytes(StandardCharsets.UTF_8), token.get());
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }
}
