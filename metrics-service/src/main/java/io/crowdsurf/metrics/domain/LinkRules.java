package io.crowdsurf.metrics.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/** The rules of short links: what a code, a campaign and a target may be. Pure, unit-tested. */
public final class LinkRules {

    /** Custom codes: readable but long enough not to collide by accident; generated ones are base64url too. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{4,64}");
    private static final Pattern CAMPAIGN = Pattern.compile("[\\p{L}\\p{N} ._:/-]{1,100}");
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkRules() {
    }

    public static boolean validCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public static String randomCode(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static ShortLink parse(String target, String code, String campaign, String site, String expiresAt,
            Instant now, String generated) {
        String url = WebUrls.require("target", target);
        if (code != null && !validCode(code)) {
            throw new InvalidFieldException("code", "code must be 4-64 of A-Z a-z 0-9 _ -");
        }
        if (campaign != null && !CAMPAIGN.matcher(campaign).matches()) {
            throw new InvalidFieldException("campaign", "campaign must be 1-100 letters, digits, spaces or . _ : / -");
        }
        if (site != null && !SITE.matcher(site).matches()) {
            throw new InvalidFieldException("site", "site must be a registered site id (" + SITE.pattern() + ")");
        }
        Instant expires = null;
        if (expiresAt != null) {
            try {
                expires = Instant.parse(expiresAt);
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException("expiresAt", "expiresAt must be an ISO-8601 instant such as "
                        + "2027-01-31T23:59:59Z");
            }
            if (!expires.isAfter(now)) {
                throw new InvalidFieldException("expiresAt", "expiresAt is in the past");
            }
        }
        return new ShortLink(code != null ? code : generated, url, campaign, site, now, expires);
    }
}
