package io.crowdsurf.metrics.service;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.ReportsConfig;

/** Site time zones, cached briefly: every hit needs one, and they change rarely. Unknown sites count in UTC. */
@ApplicationScoped
public class SiteZones {

    /** Where the zones come from (the ingest half's sites collection). */
    public interface Source {
        Optional<ZoneId> zone(String siteId);

        List<String> siteIds();
    }

    private record Cached(Optional<ZoneId> zone, long until) {
    }

    private final Source source;
    private final long ttlMs;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public SiteZones(Source source, ReportsConfig config) {
        this.source = source;
        this.ttlMs = config.siteCacheTtl().toMillis();
    }

    public Optional<ZoneId> find(String siteId) {
        long now = clock.millis();
        Cached c = cache.get(siteId);
        if (c == null || c.until() < now) {
            c = new Cached(source.zone(siteId), now + ttlMs);
            if (cache.size() > 100_000) {
                cache.clear();
            }
            cache.put(siteId, c);
        }
        return c.zone();
    }

    public ZoneId zone(String siteId) {
        return find(siteId).orElse(ZoneId.of("UTC"));
    }

    public List<String> siteIds() {
        return source.siteIds();
    }
}
