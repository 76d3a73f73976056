package io.crowdsurf.quiz.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;

class TurnTest {

    private static final List<Choice> BUTTONS = List.of(new Choice("A", "p:a"), new Choice("B", "p:b"));

    @Test
    void aTurnIsOneMessageWithTheButtonsOfItsLastPart() {
        List<Reply> out = Turn.compose(List.of(Reply.of("Correct!"), new Reply("Question 2/3: Why?", BUTTONS)),
                Platform.MESSENGER);
        assertThat(out).containsExactly(new Reply("Correct!\n\nQuestion 2/3: Why?", BUTTONS));
        assertThat(Turn.compose(List.of(Reply.of("Correct!"), Reply.of("You won!"), Reply.of("Ticket ABC")),
                Platform.WEBCHAT)).containsExactly(Reply.of("Correct!\n\nYou won!\n\nTicket ABC"));
        assertThat(Turn.compose(List.of(), Platform.TELEGRAM)).isEmpty();
    }

    @Test
    void aTurnTooLongForThePlatformIsSplitBetweenParts() {
        String a = "a".repeat(1_200);
        String b = "b".repeat(1_200);
        List<Reply> parts = List.of(Reply.of(a), new Reply(b, BUTTONS));
        // Messenger: 2,000 characters per message — two messages, the buttons on the second.
        assertThat(Turn.compose(parts, Platform.MESSENGER)).containsExactly(Reply.of(a), new Reply(b, BUTTONS));
        // Telegram (4,096) and the web chat (4,000) take both in one.
        assertThat(Turn.compose(parts, Platform.TELEGRAM)).containsExactly(new Reply(a + "\n\n" + b, BUTTONS));
        assertThat(Turn.compose(parts, Platform.WEBCHAT)).hasSize(1);
        // Slack: 40,000 for plain text, but a message with buttons carries its text in a 3,000-character section.
        assertThat(Turn.compose(List.of(Reply.of(a), Reply.of(b)), Platform.SLACK)).hasSize(1);
        String c = "c".repeat(2_000);
        assertThat(Turn.compose(List.of(Reply.of(a), new Reply(c, BUTTONS)), Platform.SLACK))
                .containsExactly(Reply.of(a), new Reply(c, BUTTONS));
    }

    @Test
    void everyMessageFitsItsLimitAndNothingIsLost() {
        for (Platform p : Platform.values()) {
            String words = "word ".repeat(3_000).strip(); // 14,999 characters
            List<Reply> out = Turn.compose(List.of(Reply.of("Hi"), new Reply(words, BUTTONS)), p);
            assertThat(out).allSatisfy(r -> assertThat(r.text().length()).isLessThanOrEqualTo(
                    Turn.maxChars(p, !r.choices().isEmpty())));
            assertThat(out.get(out.size() - 1).choices()).isEqualTo(BUTTONS);
            assertThat(out.subList(0, out.size() - 1)).allSatisfy(r -> assertThat(r.choices()).isEmpty());
            String joined = String.join(" ", out.stream().map(Reply::text).toList()).replace("\n\n", " ");
            assertThat(joined.split(" ")).filteredOn("word"::equals).hasSize(3_000);
        }
    }

    @Test
    void aPartWithoutSpacesIsCutAtTheLimit() {
        String solid = "x".repeat(4_500);
        assertThat(Turn.compose(List.of(Reply.of(solid)), Platform.MESSENGER)).extracting(r -> r.text().length())
                .containsExactly(2_000, 2_000, 500);
    }
}
