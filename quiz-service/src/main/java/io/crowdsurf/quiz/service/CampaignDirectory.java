package io.crowdsurf.quiz.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.persistence.CampaignRepository;

/**
 * Which campaign a message belongs to: one whose channels include the message's (platform, botId), that
 * is OPEN, and whose [startsAt, endsAt) contains the message's time (the platform's timestamp, so a
 * redelivery hours later is judged as it was sent). Opening a campaign that overlaps another open one on
 * the same bot is refused, so at most one matches; if data says otherwise the latest start wins.
 * Lookups are cached per bot for {@code quiz.campaign-cache-ttl}: 100,000 messages need not be 100,000
 * campaign queries.
 */
@ApplicationScoped
public class CampaignDirectory {

    private record Entry(List<Campaign> campaigns, long expiresAtNanos) {
    }

    private final CampaignRepository campaigns;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public CampaignDirectory(CampaignRepository campaigns, QuizConfig config) {
        this.campaigns = campaigns;
        this.ttlNanos = config.campaignCacheTtl().toNanos();
    }

    public Optional<Campaign> activeFor(Platform platform, String botId, Instant at) {
        return forChannel(platform, botId).stream().filter(c -> c.activeAt(at))
                .max(Comparator.comparing(Campaign::startsAt));
    }

    /** The most recent campaign on this bot that is over, for the "campaign closed" answer. */
    public Optional<Campaign> overFor(Platform platform, String botId, Instant at) {
        return forChannel(platform, botId).stream().filter(c -> c.overAt(at) && !at.isBefore(c.startsAt()))
                .max(Comparator.comparing(Campaign::endsAt));
    }

    /** Drops cached lookups after an admin change (other replicas catch up within the TTL). */
    public void invalidate() {
        cache.clear();
    }

    private List<Campaign> forChannel(Platform platform, String botId) {
        if (ttlNanos <= 0) {
            return campaigns.forChannel(platform, botId);
        }
        String key = platform.id() + ":" + botId;
        long now = System.nanoTime();
        Entry e = cache.get(key);
        if (e == null || now - e.expiresAtNanos() > 0) {
            e = new Entry(campaigns.forChannel(platform, botId), now + ttlNanos);
            cache.put(key, e);
        }
        return e.campaigns();
    }
}
