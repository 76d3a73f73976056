package io.crowdsurf.metrics.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.crowdsurf.runtime.rest.Problem;

/**
 * Every {@code /api/v1/sites} call (site admin, import, and the reports under it) needs
 * {@code Authorization: Bearer <CROWDSURF_ADMIN_TOKEN>}. No token configured: 401 to everything, never open.
 * The tracking endpoints ({@code /matomo.php}, {@code /api/v1/track}, {@code /t.gif}) are public, like Matomo's.
 */
public class AdminAuthFilter {

    private final AdminToken token;

    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/api/v1/sites") || path.startsWith("/api/v1/sites/"))) {
            return Optional.empty();
        }
        if (!token.configured()) {
            return Optional.of(unauthorized("the admin API is disabled: CROWDSURF_ADMIN_TOKEN is not set"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("missing bearer token"));
        }
        if (!token.matchesBearer(header)) {
            return Optional.of(unauthorized("wrong bearer token"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"crowdsurf\"").build();
    }
}
