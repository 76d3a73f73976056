package io.crowdsurf.quiz.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * @param count  how many entrants to invite
 * @param drawId optional; the same id again returns the same draw instead of drawing twice
 */
@RegisterForReflection
public record DrawRequest(int count, String drawId) {
}
