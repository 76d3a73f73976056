package io.crowdsurf.metrics.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.metrics.persistence.SiteRepository;

/**
 * The site of each hit, by id, cached for {@code metrics.site-cache-ttl} so that tracking costs no MongoDB round
 * trip per hit (and keeps working for known sites while MongoDB is briefly away). Unknown ids are cached too,
 * in a bounded map, so a flood of made-up {@code idsite}s cannot turn into a flood of queries or of memory.
 */
@ApplicationScoped
public class SiteDirectory implements Function<String, Optional<Site>> {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<Site> site, long expiresAt) {
    }

    private final SiteRepository repository;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public SiteDirectory(SiteRepository repository, MetricsConfig config) {
        this.repository = repository;
        this.ttlNanos = config.siteCacheTtl().toNanos();
    }

    /** @throws com.mongodb.MongoException when the site is not cached and MongoDB is unavailable */
    @Override
    public Optional<Site> apply(String siteId) {
        long now = System.nanoTime();
        Entry e = cache.get(siteId);
        if (e != null && now - e.expiresAt() < 0) {
            return e.site();
        }
        Optional<Site> site = repository.find(siteId);
        if (ttlNanos > 0) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(siteId, new Entry(site, now + ttlNanos));
        }
        return site;
    }

    /** Forget a site after an admin change here (other replicas see it after the TTL). */
    public void invalidate(String siteId) {
        cache.remove(siteId);
    }

    Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }
}
