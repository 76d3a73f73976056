package io.crowdsurf.quiz;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * @param text     what the bot asks
 * @param accepted right answers, each spelling a fan may use
 * @param options  multiple-choice titles sent as buttons (empty for free text); an option is right
 *                 when it is one of the accepted answers
 */
@RegisterForReflection
public record Question(String text, List<String> accepted, List<String> options) {

    public Question {
        accepted = accepted == null ? List.of() : List.copyOf(accepted);
        options = options == null ? List.of() : List.copyOf(options);
    }
}
