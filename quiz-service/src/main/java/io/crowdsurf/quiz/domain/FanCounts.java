package io.crowdsurf.quiz.domain;

/** How many fans of one campaign are where (the stats endpoint); counted off the per-message path. */
public record FanCounts(long entrants, long waiting, long selected, long notSelected, long answered, long won, long lost,
        long soldOut) {
}
