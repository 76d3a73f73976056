package io.crowdsurf.events.data;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Time to check alerts against the forecast: {@code reason} is "hourly" or "forecast-refresh".
 *
 * @param runId the event id of the schedule's request this batch belongs to; null on the schedule's own event
 * @param batch the batch's number within its run (0-based); null on the schedule's own event
 * @param cells the grid cells to evaluate (alert-service's batches); null or empty means "the whole run": the
 *              consumer splits it into batches and evaluates nothing itself
 */
@RegisterForReflection
public record AlertEvaluationRequested(String reason, Instant requestedAt, String runId, Integer batch,
        List<String> cells) {

    public AlertEvaluationRequested {
        cells = cells == null ? List.of() : List.copyOf(cells);
    }

    public AlertEvaluationRequested(String reason, Instant requestedAt) {
        this(reason, requestedAt, null, null, List.of());
    }
}
