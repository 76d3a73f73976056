package io.crowdsurf.metrics.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.runtime.rest.Problem;

/**
 * The bearer-token check ({@code metrics.admin-token}) of the artists' and short-links admin APIs, called by those resources themselves (so it
 * does not depend on, or collide with, any path filter of the rest of the service). No token configured means no
 * access at all; the comparison takes the same time wherever the tokens differ.
 */
@ApplicationScoped
public class AdminGate {

    private final Optional<byte[]> token;

    public AdminGate(MetricsConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws WebApplicationException 401 problem unless {@code authorization} is {@code Bearer <admin token>} */
    public void check(String authorization) {
        if (token.isEmpty()) {
            throw unauthorized("the admin API is disabled: CROWDSURF_ADMIN_TOKEN is not set");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("missing bearer token");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw unauthorized("wrong bearer token");
        }
    }

    private static WebApplicationException unauthorized(String detail) {
        return new WebApplicationException(Response.fromResponse(
                Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"crowdsurf\"").build());
    }
}
