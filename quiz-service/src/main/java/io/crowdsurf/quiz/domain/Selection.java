package io.crowdsurf.quiz;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * @param mode        instant (per first message) or scheduled (draw events)
 * @param probability instant mode: the chance a fan is picked, in (0, 1]
 * @param messageTag  scheduled mode: Messenger tag allowed for invitations outside the 24-hour window
 *                    (e.g. CONFIRMED_EVENT_UPDATE); null means such entrants are left out of the draw
 */
@RegisterForReflection
public record Selection(SelectionMode mode, Double probability, String messageTag) {
}
