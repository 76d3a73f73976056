package io.crowdsurf.quiz.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.CampaignStatus;
import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.FairDraw;
import io.crowdsurf.quiz.domain.Messages;
import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.Question;
import io.crowdsurf.quiz.domain.Selection;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A campaign as the admin API shows it: the effective texts (defaults filled in), live pool counters,
 * the seed's SHA-256 commitment always and the seed itself once the campaign is closed, so anyone can
 * recompute every pick (see the README's audit rule).
 */
@RegisterForReflection
public record CampaignView(
        String id,
        String name,
        CampaignStatus status,
        Instant startsAt,
        Instant endsAt,
        List<Channel> channels,
        Selection selection,
        List<Question> questions,
        int requiredCorrect,
        List<PoolView> pools,
        int ticketsPerFan,
        Messages messages,
        String seedSha256,
        String seed,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    /** A pool with its live counters. */
    @RegisterForReflection
    /** {@code url}: the event page; {@code link}: what ticket messages carry for it (a short link once open). */
    public record PoolView(String id, String name, int capacity, int remaining, int issued, String url, String link) {
    }

    public static CampaignView of(Campaign c, Map<String, PoolInventory> inventory) {
        List<PoolView> pools = c.pools().stream().map(p -> {
            PoolInventory inv = inventory.get(p.id());
            int capacity = inv == null ? p.capacity() : inv.capacity();
            int remaining = inv == null ? p.capacity() : inv.remaining();
            return new PoolView(p.id(), p.name(), capacity, remaining, capacity - remaining, p.url(), p.link());
        }).toList();
        return new CampaignView(c.id(), c.name(), c.status(), c.startsAt(), c.endsAt(), c.channels(), c.selection(),
                c.questions(), c.requiredCorrect(), pools, 1, c.texts(), FairDraw.commitment(c.seed()),
                c.status() == CampaignStatus.CLOSED ? c.seed() : null, c.version(), c.createdAt(), c.updatedAt());
    }
}
