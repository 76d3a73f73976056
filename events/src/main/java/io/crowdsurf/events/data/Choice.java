package io.crowdsurf.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An answer button: what the fan sees ({@code title}) and what comes back when tapped ({@code payload}). */
@RegisterForReflection
public record Choice(String title, String payload) {
}
