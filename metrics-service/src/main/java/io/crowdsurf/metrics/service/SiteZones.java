package io.crowdsurf.metrics.service;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.ReportsConfig;
import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.metrics.persistence.SiteRepository;

/** Site time zones (from the sites registry), cached briefly: every hit needs one, and they change rarely. Unknown sites count in UTC. */
@ApplicationScoped
public class SiteZones {

    private record Cached(Optional<ZoneId> zone, long until) {
    }

    private final SiteRepository sites;
    private final long ttlMs;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public SiteZones(SiteRepository sites, ReportsConfig config) {
        this.sites = sites;
        this.ttlMs = config.siteCacheTtl().toMillis();
    }

    public Optional<ZoneId> find(String siteId) {
        long now = clock.millis();
        Cached c = cache.get(siteId);
        if (c == null || c.until() < now) {
            c = new Cached(sites.find(siteId).map(SiteZones::zoneOf), now + ttlMs);
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
        return sites.list().stream().map(Site::id).toList();
    }

    private static ZoneId zoneOf(Site site) {
        try {
            return site.zone();
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
