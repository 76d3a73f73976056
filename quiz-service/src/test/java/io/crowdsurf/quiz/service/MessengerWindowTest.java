package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.CampaignStatus;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.Selection;
import io.crowdsurf.quiz.domain.SelectionMode;

import static org.assertj.core.api.Assertions.assertThat;

/** Who can be messaged when, and what makes an incoming message poison: rules without a server. */
class MessengerWindowTest {

    private static final Instant NOW = Instant.parse("2026-06-01T19:00:00Z");
    private final MessengerWindow window = new MessengerWindow(Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));

    private static Campaign scheduled(String tag) {
        return new Campaign("c1", "Party", CampaignStatus.OPEN, NOW, NOW.plusSeconds(60), List.of(),
                new Selection(SelectionMode.SCHEDULED, null, tag), List.of(), 1, List.of(), null, "s", 1, NOW, NOW);
    }

    private static Fan fan(Platform platform, Instant lastMessageAt) {
        Fan f = Fan.newcomer("c1", "conv", platform, "bot", "u", null, null, NOW);
        return f.toBuilder().lastMessageAt(lastMessageAt).build(NOW);
    }

    @Test
    void messengerFansAreReachableInsideTheWindowOrWithATag() {
        Fan recent = fan(Platform.MESSENGER, NOW.minus(Duration.ofHours(23)));
        Fan old = fan(Platform.MESSENGER, NOW.minus(Duration.ofHours(25)));

        assertThat(window.reachable(scheduled(null), recent)).isTrue();
        assertThat(window.tagFor(scheduled("CONFIRMED_EVENT_UPDATE"), recent)).isNull();
        assertThat(window.reachable(scheduled(null), old)).isFalse();
        assertThat(window.reachable(scheduled("CONFIRMED_EVENT_UPDATE"), old)).isTrue();
        assertThat(window.tagFor(scheduled("CONFIRMED_EVENT_UPDATE"), old)).isEqualTo("CONFIRMED_EVENT_UPDATE");
    }

    @Test
    void otherPlatformsHaveNoWindow() {
        assertThat(window.reachable(scheduled(null), fan(Platform.TELEGRAM, NOW.minus(Duration.ofDays(30))))).isTrue();
    }

    @Test
    void aMessageWithoutWhatIdentifiesTheFanIsPoison() {
        ChatMessageReceived ok = new ChatMessageReceived(Platform.WEBCHAT, "bot", "u", "webchat:bot:u", "m1", "hi",
                null, null, null, null);
        ChatMessageReceived noConversation = new ChatMessageReceived(Platform.WEBCHAT, "bot", "u", null, "m1", "hi",
                null, null, null, null);

        assertThat(IncomingMessages.missingField(ok, "e1")).isEmpty();
        assertThat(IncomingMessages.missingField(noConversation, "e1")).contains("conversationId");
        assertThat(IncomingMessages.missingField(ok, " ")).contains("id");
        assertThat(IncomingMessages.missingField(null, "e1")).contains("data");
    }
}
