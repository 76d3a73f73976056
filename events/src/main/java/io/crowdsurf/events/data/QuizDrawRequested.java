package io.crowdsurf.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A scheduled draw (PingSource) for a campaign in scheduled-selection mode: invite {@code count} entrants. */
@RegisterForReflection
public record QuizDrawRequested(String campaignId, int count) {
}
