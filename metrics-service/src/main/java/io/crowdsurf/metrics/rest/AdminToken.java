package io.crowdsurf.metrics.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.MetricsConfig;

/**
 * The admin token ({@code CROWDSURF_ADMIN_TOKEN}): the bearer token of the admin API and the {@code token_auth} of
 * tracking requests. Compared in constant time; no token configured matches nothing.
 */
@ApplicationScoped
public class AdminToken {

    private final Optional<byte[]> token;

    public AdminToken(MetricsConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token.isPresent();
    }

    public boolean matches(String given) {
        return given != null && token.isPresent()
                && MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), token.get());
    }

    /** Whether an {@code Authorization} header carries the token as a bearer token. */
    public boolean matchesBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(authorization.substring(7));
    }
}
