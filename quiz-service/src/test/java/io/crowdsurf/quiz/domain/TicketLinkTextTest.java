package io.crowdsurf.quiz.domain;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a pool's event link goes in the ticket message: at {link}, else on a line of its own, else nowhere. */
class TicketLinkTextTest {

    private static final Instant NOW = Instant.parse("2026-06-01T19:00:00Z");

    private static Campaign campaign(Messages messages, PoolSpec pool) {
        return new Campaign("c1", "Party", CampaignStatus.OPEN, NOW.minusSeconds(60), NOW.plusSeconds(60),
                List.of(new Channel(Platform.TELEGRAM, "bot")), new Selection(SelectionMode.INSTANT, 1.0, null),
                List.of(), 0, List.of(pool), messages, "seed", 1, NOW, NOW);
    }

    private static Messages ticketText(String ticket) {
        return new Messages(null, null, null, null, null, null, null, null, null, null, null, ticket, null, null);
    }

    private static String text(Campaign c) {
        Fan fan = Fan.newcomer("c1", "telegram:bot:1", Platform.TELEGRAM, "bot", "1", "Ana", null, NOW);
        return Dialogue.ticketText(c.texts(), c, fan, "ams", "Amsterdam", "CODE");
    }

    @Test
    void thePlaceholderTakesTheLink() {
        PoolSpec pool = new PoolSpec("ams", "Amsterdam", 1, "https://dj.example/ams", "http://s.example/l/abc");
        assertThat(text(campaign(ticketText("{pool} {code} -> {link}"), pool)))
                .isEqualTo("Amsterdam CODE -> http://s.example/l/abc");
    }

    @Test
    void withoutThePlaceholderTheLinkGetsALineOfItsOwn() {
        PoolSpec pool = new PoolSpec("ams", "Amsterdam", 1, "https://dj.example/ams", "http://s.example/l/abc");
        assertThat(text(campaign(null, pool))).isEqualTo(
                "Your VIP ticket for Amsterdam: CODE - show this code at the door.\nhttp://s.example/l/abc");
    }

    @Test
    void aPoolWithoutAUrlHasNoLink() {
        PoolSpec pool = new PoolSpec("ams", "Amsterdam", 1);
        assertThat(text(campaign(ticketText("{pool} {code}{link}"), pool))).isEqualTo("Amsterdam CODE");
        assertThat(text(campaign(null, pool))).isEqualTo("Your VIP ticket for Amsterdam: CODE - show this code at the door.");
    }
}
