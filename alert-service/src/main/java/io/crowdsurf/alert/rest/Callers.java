package io.crowdsurf.alert.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Caller;
import io.crowdsurf.alert.service.LinkTokens;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/**
 * Who is calling, from {@code Authorization: Bearer …}: the admin token ({@code CROWDSURF_ADMIN_TOKEN}, compared
 * in constant time) or an owner's link token. Anything else is a 401 before the body is looked at.
 */
@ApplicationScoped
public class Callers {

    private final Optional<byte[]> adminToken;
    private final LinkTokens tokens;

    public Callers(AlertConfig config, LinkTokens tokens) {
        this.adminToken = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.tokens = tokens;
    }

    public Caller of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("missing bearer token: the admin token or the token of your /alerts link");
        }
        String token = authorization.substring(7).strip();
        if (adminToken.isPresent() && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken.get())) {
            return Caller.ofAdmin();
        }
        return tokens.verify(token).map(Caller::ofOwner)
                .orElseThrow(() -> unauthorized("wrong, expired or forged token; send /alerts in the chat for a new link"));
    }

    /** An owner from a link's {@code t} parameter (the form pages). */
    public Caller ofLink(String token) {
        return tokens.verify(token).map(Caller::ofOwner)
                .orElseThrow(() -> unauthorized("this link is wrong or has expired; send /alerts in the chat for a new one"));
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }
}
