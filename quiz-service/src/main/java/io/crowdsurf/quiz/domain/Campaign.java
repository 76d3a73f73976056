package io.crowdsurf.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.crowdsurf.events.data.Platform;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A quiz campaign as stored. Pool capacities here are the configuration; the live counters are
 * {@link PoolInventory} documents, so issuing a ticket never touches (or contends on) this document.
 *
 * @param seed            secret per campaign; keys the HMAC behind every random pick (see {@link FairDraw})
 * @param requiredCorrect how many answers must be right to win
 */
@RegisterForReflection
public record Campaign(
        String id,
        String name,
        CampaignStatus status,
        Instant startsAt,
        Instant endsAt,
        List<Channel> channels,
        Selection selection,
        List<Question> questions,
        int requiredCorrect,
        List<PoolSpec> pools,
        Messages messages,
        String seed,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    /** Open and inside its time window at {@code at}: messages at that time take part. */
    public boolean activeAt(Instant at) {
        return status == CampaignStatus.OPEN && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Over at {@code at}: closed by an admin, or open but past its end. */
    public boolean overAt(Instant at) {
        return status == CampaignStatus.CLOSED || (status == CampaignStatus.OPEN && !at.isBefore(endsAt));
    }

    public boolean runsOn(Platform platform, String botId) {
        return channels.stream().anyMatch(c -> c.matches(platform, botId));
    }

    public Optional<PoolSpec> pool(String poolId) {
        return pools.stream().filter(p -> p.id().equals(poolId)).findFirst();
    }

    public Messages texts() {
        return messages == null ? Messages.DEFAULTS : messages.withDefaults();
    }
}
