package io.crowdsurf.quiz;

import java.util.List;

import io.crowdsurf.events.data.Choice;

/** One message to the fan, with answer buttons or none. */
public record Reply(String text, List<Choice> choices) {

    public Reply {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static Reply of(String text) {
        return new Reply(text, List.of());
    }
}
