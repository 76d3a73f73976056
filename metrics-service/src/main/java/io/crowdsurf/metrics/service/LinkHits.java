package io.crowdsurf.metrics.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.domain.ShortLink;

/**
 * A short-link click as a tracking hit on part 1's ingest path. Returns the visitor id the hit was counted under.
 */
@ApplicationScoped
public class LinkHits {

    public String track(ShortLink link, ClickContext click, Instant at) {
        return visitorId(click);
    }

    static String visitorId(ClickContext click) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((click.clientIp() + "|" + click.userAgent())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
