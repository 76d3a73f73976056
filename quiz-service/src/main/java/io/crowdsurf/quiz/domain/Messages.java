package io.crowdsurf.quiz.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the bot says. Every text may use placeholders: {name} (the fan's display name), {campaign},
 * {n} and {total} (question number), {question}, {pool}, {code}, and in {@code ticket} {link} (the pool's event page
 * as a short link; a ticket text without {link} gets the link on a line of its own when the pool has one). A null
 * text falls back to the default.
 */
@RegisterForReflection
public record Messages(
        String welcome,
        String notSelected,
        String entered,
        String invited,
        String question,
        String correct,
        String wrong,
        String lost,
        String won,
        String choosePool,
        String soldOut,
        String ticket,
        String alreadyPlayed,
        String closed) {

    public static final Messages DEFAULTS = new Messages(
            "Hi {name}, welcome to {campaign}!",
            "Thanks for joining {campaign}! You were not picked this time. Enjoy the party!",
            "You're in the draw for {campaign}. We'll message you if you're picked!",
            "Good news {name}: you were picked in the {campaign} draw! Answer a few questions to win a VIP ticket.",
            "Question {n}/{total}: {question}",
            "Correct!",
            "Sorry, that's not right.",
            "Not this time. Thanks for playing {campaign}!",
            "You won a VIP ticket!",
            "Which party do you want a ticket for?",
            "Sorry, the {pool} tickets are all gone.",
            "Your VIP ticket for {pool}: {code} - show this code at the door.",
            "You already played {campaign}. See you at the party!",
            "{campaign} is closed. Thanks for your interest!");

    /** This set with each missing text taken from the defaults. */
    public Messages withDefaults() {
        Messages d = DEFAULTS;
        return new Messages(or(welcome, d.welcome), or(notSelected, d.notSelected), or(entered, d.entered),
                or(invited, d.invited), or(question, d.question), or(correct, d.correct), or(wrong, d.wrong),
                or(lost, d.lost), or(won, d.won), or(choosePool, d.choosePool), or(soldOut, d.soldOut),
                or(ticket, d.ticket), or(alreadyPlayed, d.alreadyPlayed), or(closed, d.closed));
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
