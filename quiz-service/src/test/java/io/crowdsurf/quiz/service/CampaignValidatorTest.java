package io.crowdsurf.quiz.service;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.Messages;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Question;
import io.crowdsurf.quiz.domain.Selection;
import io.crowdsurf.quiz.domain.SelectionMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The campaign rules without a server: each bad command names its first offending field. */
class CampaignValidatorTest {

    private static final Instant START = Instant.parse("2026-06-01T18:00:00Z");

    private static CampaignCommand valid() {
        return new CampaignCommand("summer-2026", "Summer Party", START, START.plusSeconds(7200),
                List.of(new Channel(Platform.TELEGRAM, "bot-1")), new Selection(SelectionMode.INSTANT, 0.5, null),
                List.of(new Question("Capital of France?", List.of("Paris"), List.of("Paris", "Lyon"))), null,
                List.of(new PoolSpec("ams", "Amsterdam", 100)), null);
    }

    private static String fieldOf(UnaryOperator<CampaignCommand> change) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> CampaignValidator.validate(change.apply(valid())));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith(e.field() + " ");
        return e.field();
    }

    private static CampaignCommand with(CampaignCommand c, List<Question> questions, List<PoolSpec> pools,
            Selection selection) {
        return new CampaignCommand(c.id(), c.name(), c.startsAt(), c.endsAt(), c.channels(), selection, questions,
                c.requiredCorrect(), pools, c.messages());
    }

    @Test
    void aCompleteCommandPasses() {
        assertThatCode(() -> CampaignValidator.validate(valid())).doesNotThrowAnyException();
    }

    @Test
    void identityAndTimes() {
        assertThat(fieldOf(c -> new CampaignCommand("Bad Id", c.name(), c.startsAt(), c.endsAt(), c.channels(),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("id");
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), " ", c.startsAt(), c.endsAt(), c.channels(),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("name");
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), c.startsAt(), c.startsAt(), c.channels(),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("endsAt");
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), null, c.endsAt(), c.channels(),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("startsAt");
    }

    @Test
    void channelsMustBeThereAndDistinct() {
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), c.startsAt(), c.endsAt(), List.of(),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("channels");
        Channel ch = new Channel(Platform.TELEGRAM, "bot-1");
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), c.startsAt(), c.endsAt(), List.of(ch, ch),
                c.selection(), c.questions(), null, c.pools(), null))).isEqualTo("channels.1");
    }

    @Test
    void instantSelectionNeedsAProbabilityInZeroToOne() {
        for (Double p : new Double[] {null, 0.0, -0.1, 1.5, Double.NaN}) {
            assertThat(fieldOf(c -> with(c, c.questions(), c.pools(), new Selection(SelectionMode.INSTANT, p, null))))
                    .as("probability " + p).isEqualTo("selection.probability");
        }
        assertThat(fieldOf(c -> with(c, c.questions(), c.pools(), new Selection(SelectionMode.SCHEDULED, null, "ANY"))))
                .isEqualTo("selection.messageTag");
        assertThatCode(() -> CampaignValidator.validate(with(valid(), valid().questions(), valid().pools(),
                new Selection(SelectionMode.SCHEDULED, null, "CONFIRMED_EVENT_UPDATE")))).doesNotThrowAnyException();
    }

    @Test
    void questionsNameTheOffendingOption() {
        assertThat(fieldOf(c -> with(c, List.of(new Question("Q?", List.of("Paris"), List.of("Paris", "paris "))),
                c.pools(), c.selection()))).isEqualTo("questions.0.options.1");
        assertThat(fieldOf(c -> with(c, List.of(new Question("Q?", List.of("Paris"), List.of("Lyon", "Nice"))),
                c.pools(), c.selection()))).isEqualTo("questions.0.options");
        assertThat(fieldOf(c -> with(c, List.of(new Question("Q?", List.of("!!"), List.of())), c.pools(),
                c.selection()))).isEqualTo("questions.0.accepted.0");
        assertThat(fieldOf(c -> with(c, List.of(new Question("Q?", List.of("a"), List.of("a".repeat(
                CampaignValidator.MAX_BUTTON + 1)))), c.pools(), c.selection()))).isEqualTo("questions.0.options.0");
    }

    @Test
    void requiredCorrectIsBetweenOneAndTheQuestions() {
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), c.startsAt(), c.endsAt(), c.channels(),
                c.selection(), c.questions(), 2, c.pools(), null))).isEqualTo("requiredCorrect");
    }

    @Test
    void poolsHaveIdsCapacitiesAndNamesWithinLimits() {
        assertThat(fieldOf(c -> with(c, c.questions(), List.of(new PoolSpec("ams", "A", 1), new PoolSpec("ams", "B", 1)),
                c.selection()))).isEqualTo("pools.1.id");
        assertThat(fieldOf(c -> with(c, c.questions(),
                List.of(new PoolSpec("ams", "A", CampaignValidator.MAX_CAPACITY + 1)), c.selection())))
                .isEqualTo("pools.0.capacity");
        assertThat(fieldOf(c -> with(c, c.questions(), List.of(), c.selection()))).isEqualTo("pools");
    }

    @Test
    void aTicketTextMustShowTheCode() {
        Messages noCode = new Messages(null, null, null, null, null, null, null, null, null, null, null,
                "Your ticket for {pool}", null, null);
        assertThat(fieldOf(c -> new CampaignCommand(c.id(), c.name(), c.startsAt(), c.endsAt(), c.channels(),
                c.selection(), c.questions(), null, c.pools(), noCode))).isEqualTo("messages.ticket");
    }
}
