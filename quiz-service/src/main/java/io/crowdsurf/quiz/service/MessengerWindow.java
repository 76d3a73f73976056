package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Fan;

/**
 * Messenger's 24-hour window: a Page may message a fan within {@code quiz.messenger-window} of the fan's last
 * message, and after that only with a message tag. Other platforms have no window.
 */
@ApplicationScoped
public class MessengerWindow {

    private final Duration window;
    private final Clock clock;

    @Inject
    public MessengerWindow(QuizConfig config, Clock clock) {
        this(config.messengerWindow(), clock);
    }

    MessengerWindow(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Whether the fan can be messaged now: inside the window, or the campaign has a tag for it. */
    public boolean reachable(Campaign c, Fan fan) {
        return !needsTag(fan) || c.selection().messageTag() != null;
    }

    /** The tag a message to this fan must carry now, or null when none is needed. */
    public String tagFor(Campaign c, Fan fan) {
        return needsTag(fan) ? c.selection().messageTag() : null;
    }

    boolean needsTag(Fan fan) {
        return fan.platform() == Platform.MESSENGER
                && (fan.lastMessageAt() == null || fan.lastMessageAt().plus(window).isBefore(clock.instant()));
    }
}
