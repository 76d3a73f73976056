package io.crowdsurf.metrics.rest;

import java.net.URI;

/** Registers a tracking site through part 1's sites API, so widget hits are accepted by matomo.php. */
final class WidgetSites {

    private WidgetSites() {
    }

    static String register(URI service) {
        throw new UnsupportedOperationException("part 1's sites API is not merged yet");
    }
}
