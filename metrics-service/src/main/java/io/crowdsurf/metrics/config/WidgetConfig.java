package io.crowdsurf.metrics.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The artists' event-list widget ({@code METRICS_WIDGET_*}); part 1's settings live in its own mapping. */
@ConfigMapping(prefix = "metrics.widget")
public interface WidgetConfig {

    /**
     * How long one database read of an artist's list serves the public widget, and the {@code max-age} the
     * response carries. At most one read per artist per this period, whatever the load.
     */
    @WithDefault("PT10S")
    Duration cacheTtl();

    /** Largest number of tour dates one artist may store (the whole list is one MongoDB document). */
    @WithDefault("500")
    int maxEvents();

    /** Most artists kept in the in-process cache; beyond it, expired entries are dropped first. */
    @WithDefault("100000")
    int cacheMaxArtists();

    /** How long browsers and CDNs may keep {@code embed.js}. */
    @WithDefault("PT5M")
    Duration scriptMaxAge();
}
