package io.crowdsurf.quiz;

import java.time.Instant;

/** What the state machine needs of a fan's message. */
public record Incoming(String text, String choice, String userName, Instant at) {
}
