package io.crowdsurf.metrics.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Short links ({@code METRICS_LINKS_*}; the base URL also as {@code CROWDSURF_LINKS_BASE_URL}). */
@ConfigMapping(prefix = "metrics.links")
public interface LinksConfig {

    /** Where an unknown, expired or malformed code redirects to, as the original shortener did. */
    @WithDefault("https://crowdsurf.io/")
    String baseUrl();

    /** The public URL of this service, in front of {@code /l/<code>} in the short URLs the API hands out. */
    @WithDefault("http://localhost:8084")
    String publicUrl();

    /** Random bytes of a generated code (base64url, 12 bytes = 16 characters = 96 bits: not guessable). */
    @WithDefault("12")
    int codeBytes();

    /**
     * How long {@code /l/<code>} waits for Kafka's ack of the click before redirecting anyway (the fan is never held
     * longer; a click not published in the end is counted and logged as unrecorded).
     */
    @WithDefault("PT1S")
    Duration clickAckWait();

    /** Tracking site of clicks on links created without one; none: such clicks only emit link.clicked. */
    Optional<String> defaultSite();
}
