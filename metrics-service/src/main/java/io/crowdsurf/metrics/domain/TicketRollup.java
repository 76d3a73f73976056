package io.crowdsurf.metrics.domain;

import java.util.List;

/** What {@code /stats tickets} reports: per campaign and pool, tickets awarded and checked in. */
public record TicketRollup(long awarded, long checkedIn, List<Pool> pools) {

    public static final TicketRollup EMPTY = new TicketRollup(0, 0, List.of());

    public record Pool(String campaignId, String poolId, String poolName, long awarded, long checkedIn) {
    }
}
