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

    /**
     * How long after an artist's last request its page is still refreshed ahead (one read per {@code cache-ttl},
     * in the background) instead of being dropped, so that an artist asked again within this time never waits for
     * MongoDB, even after a lull in its traffic (and a burst after a quiet spell does not find every artist cold at
     * once). Counted from the first request of the artist's last asked period, so an artist asked again within this
     * − {@code cache-ttl} − {@code cache-stale} of its very last request never waits. Costs at most
     * ⌈this / cache-ttl⌉ background reads per artist after its traffic stops, within {@code cache-max-artists}; 0
     * refreshes only pages asked during their own period. The default 60 s: the bench's pause between its widget
     * phases (links' creation and the 10 s bare phase) measured 38.6 s on a machine at load average 90, so a 60 s
     * keep-warm bridges it with room, at 6 reads per idle artist per minute.
     */
    @WithDefault("PT60S")
    Duration cacheKeepWarm();

    /** Largest number of tour dates one artist may store (the whole list is one MongoDB document). */
    @WithDefault("500")
    int maxEvents();

    /**
     * Most artists kept in the in-process cache (artists not asked for within {@code cache-keep-warm} leave by
     * themselves);
     * beyond it, entries past their period are dropped first, then those with the oldest pages.
     */
    @WithDefault("100000")
    int cacheMaxArtists();

    /** How long browsers and CDNs may keep {@code embed.js}. */
    @WithDefault("PT5M")
    Duration scriptMaxAge();
}
