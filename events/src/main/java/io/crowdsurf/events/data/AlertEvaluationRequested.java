package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Time to check alerts against the forecast: {@code reason} is "hourly" or "forecast-refresh". */
@RegisterForReflection
public record AlertEvaluationRequested(String reason, Instant requestedAt) {
}
