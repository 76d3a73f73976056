package io.crowdsurf.quiz;

/** How fans are picked to play. */
public enum SelectionMode {
    /** Each fan is drawn on their first message, with the campaign's probability. */
    INSTANT,
    /** Fans enter by messaging; a scheduled draw event invites N entrants. */
    SCHEDULED
}
