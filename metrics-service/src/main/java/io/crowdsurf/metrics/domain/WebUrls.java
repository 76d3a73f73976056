package io.crowdsurf.metrics.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What counts as a link we may send a browser to: an absolute http(s) URL with a host. */
public final class WebUrls {

    public static final int MAX_LENGTH = 2048;

    private WebUrls() {
    }

    /** The URL, normalised only in scheme case; throws for anything else (javascript:, data:, relative, ...). */
    public static String require(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidFieldException(field, field + " is required: an http or https URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, field + " is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(field, field + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidFieldException(field, field + " must be an http or https URL, not '"
                    + (scheme.isEmpty() ? "relative" : scheme) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidFieldException(field, field + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            // https://shop.example@evil.example/ reads as the first host to people; refuse it.
            throw new InvalidFieldException(field, field + " must not contain user info");
        }
        return url.strip();
    }
}
