package io.crowdsurf.alert.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.events.Hmac;
import io.crowdsurf.events.data.Platform;

/**
 * The owner token in a {@code /alerts} form link: {@code v1.<base64url JSON claims>.<base64url HMAC-SHA256>} over
 * the claims' bytes with {@code ALERT_LINK_SIGNING_KEY}. The claims name the conversation (platform, bot, user,
 * conversation id) and an expiry; whoever holds the link may manage that conversation's alerts until it expires,
 * and no other conversation's: changing a claim breaks the signature, and the API takes the owner from the token
 * only. Compared in constant time.
 */
@ApplicationScoped
public class LinkTokens {

    private static final String PREFIX = "v1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Optional<String> key;
    private final AlertConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public LinkTokens(AlertConfig config, Clock clock, ObjectMapper json) {
        this.key = config.linkSigningKey().filter(k -> !k.isBlank());
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    public boolean enabled() {
        return key.isPresent();
    }

    /** A token for this conversation, valid for the configured time. */
    public String issue(Owner owner) {
        ObjectNode claims = json.createObjectNode();
        claims.put("p", owner.platform().id());
        claims.put("b", owner.botId());
        claims.put("u", owner.userId());
        claims.put("c", owner.conversationId());
        claims.put("exp", clock.instant().plus(config.linkTtl()).getEpochSecond());
        byte[] body = claims.toString().getBytes(StandardCharsets.UTF_8);
        return PREFIX + B64.encodeToString(body) + "." + B64.encodeToString(mac(body));
    }

    /** The conversation the token names, when it is well-formed, correctly signed and not expired. */
    public Optional<Owner> verify(String token) {
        if (key.isEmpty() || token == null || !token.startsWith(PREFIX) || token.length() > 2048) {
            return Optional.empty();
        }
        String[] parts = token.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            byte[] body = B64D.decode(parts[0]);
            byte[] sig = B64D.decode(parts[1]);
            if (!MessageDigest.isEqual(sig, mac(body))) {
                return Optional.empty();
            }
            JsonNode claims = json.readTree(body);
            if (Instant.ofEpochSecond(claims.path("exp").asLong(0)).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new Owner(Platform.of(claims.path("p").asText()), claims.path("b").asText(),
                    claims.path("u").asText(), claims.path("c").asText()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] body) {
        return Hmac.sha256(key.orElseThrow(), body);
    }
}
