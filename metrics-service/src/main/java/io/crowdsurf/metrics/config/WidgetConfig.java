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
     * How long past {@code cache-ttl} a page may still be served while its one read is in flight. Pages asked for
     * during their period are refreshed ahead (the read starts when the page turns {@code cache-ttl} old), so this
     * only has to cover the read's own latency and the timer's lag; it is the cap when a read is slow or MongoDB is
     * away. Beyond ttl + this, requests wait for the read.
     */
    @WithDefault("PT2S")
    Duration cacheStale();

    /**
     * How often the refresh-ahead timer looks for due pages: a due page's read starts at most this late (a request
     * that finds it due starts it itself). Part of the freshness bound: ttl + this + the read's latency.
     */
    @WithDefault("PT0.02S")
    Duration cacheRefreshTick();

    /** Largest number of tour dates one artist may store (the whole list is one MongoDB document). */
    @WithDefault("500")
    int maxEvents();

    /**
     * Most artists kept in the in-process cache (artists not asked for during their last 10 s leave by themselves);
     * beyond it, entries past their period are dropped first, then those with the oldest pages.
     */
    @WithDefault("100000")
    int cacheMaxArtists();

    /** How long browsers and CDNs may keep {@code embed.js}. */
    @WithDefault("PT5M")
    Duration scriptMaxAge();
}
