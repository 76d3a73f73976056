package io.crowdsurf.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Time to finish ticket claims a crash interrupted (the schedule's every-5-minutes run): quiz-service completes
 * fans left in ISSUING and settles pool units left pending. Idempotent: a sweep finds nothing left by the last one.
 *
 * @param reason why it runs ("schedule", or whatever an operator passes by hand); informational
 */
@RegisterForReflection
public record QuizSweepRequested(String reason) {
}
