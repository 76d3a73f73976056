package io.crowdsurf.metrics.domain;

import io.crowdsurf.events.data.HitTracked;

/** What became of one tracking request. */
public sealed interface Outcome {

    /** Valid and enriched: it is published to Kafka. */
    record Accepted(HitTracked hit) implements Outcome {
    }

    /** Valid, but the site excludes it (address or user agent): answered as tracked, as Matomo does. */
    record Excluded(String reason) implements Outcome {
    }

    /** Nothing to track ({@code rec} is not 1): answered as success, as Matomo does. */
    record Ignored(String reason) implements Outcome {
    }

    /** Refused: unknown site, missing {@code idsite}, or a parameter Matomo also refuses. */
    record Invalid(String field, String reason) implements Outcome {
    }
}
