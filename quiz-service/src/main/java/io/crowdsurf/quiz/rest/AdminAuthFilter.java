package io.crowdsurf.quiz.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.runtime.rest.Problem;

/**
 * Every {@code /api/} call (campaign admin and ticket check-in) needs {@code Authorization: Bearer <token>}
 * equal to {@code CROWDSURF_ADMIN_TOKEN}. No token configured means no access at all: the API is never open.
 * The comparison takes the same time wherever the tokens differ.
 */
public class AdminAuthFilter {

    private final Optional<byte[]> token;

    public AdminAuthFilter(QuizConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isEmpty()) {
            return Optional.of(unauthorized("the admin API is disabled: CROWDSURF_ADMIN_TOKEN is not set"));
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("missing bearer token"));
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            return Optional.of(unauthorized("wrong bearer token"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"crowdsurf\"").build();
    }
}
