package io.crowdsurf.metrics.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The artists' event-list widget ({@code METRICS_WIDGET_*}); part 1's settings live in its own mapping. */
@ConfigMapping(prefix = "metrics.widget")
public interface WidgetConfig {

    /**
     * How long one database read of an artist's list serves the public widget, and the {@code max-age} the
     * response carries. Reads of one artist start at least this far apart, whatever the load.
     */
    @WithDefault("PT10S")
    Duration cacheTtl();

    /**
     * Stale-while-revalidate: how much longer than {@code cache-ttl} a page may still be served while its one
     * background read is in flight, so that popular artists never wait for MongoDB. Beyond ttl + this, requests
     * wait for the read. Also bounds how late a PUT made on another replica shows here (ttl + this).
     */
    @WithDefault("PT2S")
    Duration cacheStale();

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
