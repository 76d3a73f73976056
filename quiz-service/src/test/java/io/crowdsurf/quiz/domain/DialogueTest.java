package io.crowdsurf.quiz.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conversation rules without a server: each test is one message to the pure state machine. */
class DialogueTest {

    private static final Instant NOW = Instant.parse("2026-06-01T19:00:00Z");
    private static final Question CAPITAL = new Question("Capital of France?", List.of("Paris"),
            List.of("Paris", "Lyon"));
    private static final Question COLOUR = new Question("Colour of the sky?", List.of("blue"), List.of());

    private static Campaign campaign(Selection selection, int requiredCorrect, PoolSpec... pools) {
        return new Campaign("c1", "Summer Party", CampaignStatus.OPEN, NOW.minusSeconds(3600), NOW.plusSeconds(3600),
                List.of(new Channel(Platform.TELEGRAM, "bot")), selection, List.of(CAPITAL, COLOUR), requiredCorrect,
                List.of(pools), null, "seed-1", 1, NOW, NOW);
    }

    private static Campaign everyoneIn(PoolSpec... pools) {
        return campaign(new Selection(SelectionMode.INSTANT, 1.0, null), 2, pools);
    }

    private static Fan newcomer() {
        return Fan.newcomer("c1", "telegram:bot:42", Platform.TELEGRAM, "bot", "42", "Ana", null, NOW);
    }

    private static Fan in(FanState state, int questionIndex, int correct) {
        return newcomer().toBuilder().state(state).questionIndex(questionIndex).correct(correct).answered(correct)
                .build(NOW);
    }

    private static Incoming typed(String text) {
        return new Incoming(text, null, "Ana", NOW);
    }

    private static Map<String, Integer> left(String pool, int n) {
        return Map.of(pool, n);
    }

    @Test
    void aPickedNewcomerIsWelcomedAndAskedTheFirstQuestionWithButtons() {
        Dialogue.Step step = Dialogue.onMessage(everyoneIn(new PoolSpec("ams", "Amsterdam", 10)), newcomer(),
                typed("hi"), () -> left("ams", 10));
        Fan next = step.next().build(NOW);

        assertThat(next.state()).isEqualTo(FanState.ASKING);
        assertThat(next.selected()).isTrue();
        assertThat(next.draw()).isBetween(0.0, 1.0);
        assertThat(step.claim()).isFalse();
        assertThat(step.replies()).extracting(Reply::text)
                .containsExactly("Hi Ana, welcome to Summer Party!", "Question 1/2: Capital of France?");
        assertThat(step.replies().get(1).choices()).extracting(c -> c.payload())
                .containsExactly(Payloads.option("c1", 0, 0), Payloads.option("c1", 0, 1));
    }

    @Test
    void withProbabilityZeroNobodyIsPickedAndTheDrawIsRecorded() {
        Campaign nobody = campaign(new Selection(SelectionMode.INSTANT, 0.0, null), 2, new PoolSpec("ams", "A", 1));
        Fan next = Dialogue.onMessage(nobody, newcomer(), typed("hi"), Map::of).next().build(NOW);

        assertThat(next.state()).isEqualTo(FanState.NOT_SELECTED);
        assertThat(next.selected()).isFalse();
        assertThat(next.draw()).isEqualTo(FairDraw.value("seed-1", "telegram:bot:42"));
    }

    @Test
    void scheduledCampaignsEnterNewcomersInTheDraw() {
        Campaign scheduled = campaign(new Selection(SelectionMode.SCHEDULED, null, null), 2, new PoolSpec("a", "A", 1));
        Dialogue.Step step = Dialogue.onMessage(scheduled, newcomer(), typed("hi"), Map::of);

        assertThat(step.next().build(NOW).state()).isEqualTo(FanState.ENTERED);
        assertThat(step.replies()).extracting(Reply::text)
                .containsExactly("You're in the draw for Summer Party. We'll message you if you're picked!");
    }

    @Test
    void aRightAnswerMovesToTheNextQuestion() {
        Dialogue.Step step = Dialogue.onMessage(everyoneIn(new PoolSpec("ams", "Amsterdam", 10)),
                in(FanState.ASKING, 0, 0), typed(" paris "), () -> left("ams", 10));
        Fan next = step.next().build(NOW);

        assertThat(next.questionIndex()).isEqualTo(1);
        assertThat(next.correct()).isEqualTo(1);
        assertThat(step.replies()).extracting(Reply::text).containsExactly("Correct!", "Question 2/2: Colour of the sky?");
    }

    @Test
    void aWrongAnswerThatMakesWinningImpossibleLoses() {
        Dialogue.Step step = Dialogue.onMessage(everyoneIn(new PoolSpec("ams", "Amsterdam", 10)),
                in(FanState.ASKING, 0, 0), typed("Lyon"), () -> left("ams", 10));

        assertThat(step.next().build(NOW).state()).isEqualTo(FanState.LOST);
        assertThat(step.replies()).extracting(Reply::text)
                .containsExactly("Sorry, that's not right.", "Not this time. Thanks for playing Summer Party!");
    }

    @Test
    void aTapOnAButtonIsGradedByItsOptionAndAStaleButtonAsksAgain() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10));
        Incoming tapParis = new Incoming(null, Payloads.option("c1", 0, 0), "Ana", NOW);
        Incoming staleTap = new Incoming(null, Payloads.option("c1", 1, 0), "Ana", NOW);

        assertThat(Dialogue.grade(c, CAPITAL, 0, tapParis)).isTrue();
        assertThat(Dialogue.grade(c, CAPITAL, 0, staleTap)).isNull();
        Dialogue.Step again = Dialogue.onMessage(c, in(FanState.ASKING, 0, 0), staleTap, () -> left("ams", 10));
        assertThat(again.replies()).extracting(Reply::text).containsExactly("Question 1/2: Capital of France?");
        assertThat(again.next().build(NOW).answered()).isZero();
    }

    @Test
    void theWinnerOfASinglePoolClaimsATicketAndSoldOutWhenNoneAreLeft() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10));
        Dialogue.Step wins = Dialogue.onMessage(c, in(FanState.ASKING, 1, 1), typed("Blue"), () -> left("ams", 3));
        Dialogue.Step late = Dialogue.onMessage(c, in(FanState.ASKING, 1, 1), typed("Blue"), () -> left("ams", 0));

        assertThat(wins.claim()).isTrue();
        Fan claiming = wins.next().build(NOW);
        assertThat(claiming.state()).isEqualTo(FanState.ISSUING);
        assertThat(claiming.poolId()).isEqualTo("ams");
        assertThat(claiming.ticketCode()).isNotBlank();
        assertThat(claiming.won()).isTrue();
        assertThat(late.claim()).isFalse();
        assertThat(late.next().build(NOW).state()).isEqualTo(FanState.SOLD_OUT);
        assertThat(late.replies()).extracting(Reply::text).endsWith("Sorry, the Amsterdam tickets are all gone.");
    }

    @Test
    void withSeveralPoolsTheWinnerChoosesAmongThoseWithTicketsLeft() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10), new PoolSpec("nyc", "New York", 10));
        Dialogue.Step step = Dialogue.onMessage(c, in(FanState.ASKING, 1, 1), typed("blue"),
                () -> Map.of("ams", 0, "nyc", 2));

        assertThat(step.next().build(NOW).state()).isEqualTo(FanState.CHOOSING_POOL);
        Reply offer = step.replies().get(step.replies().size() - 1);
        assertThat(offer.choices()).extracting(ch -> ch.title()).containsExactly("New York");

        Dialogue.Step chosen = Dialogue.onMessage(c, in(FanState.CHOOSING_POOL, 1, 2), typed("new york"),
                () -> Map.of("ams", 0, "nyc", 2));
        assertThat(chosen.claim()).isTrue();
        assertThat(chosen.next().build(NOW).poolId()).isEqualTo("nyc");
    }

    @Test
    void afterAClaimTheFanHasTheTicketOrIsOfferedWhatIsLeft() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10), new PoolSpec("nyc", "New York", 10));
        Fan issuing = in(FanState.ISSUING, 1, 2).toBuilder().poolId("ams").ticketCode("CODE").pendingEventKey("k")
                .build(NOW);
        Ticket ticket = new Ticket("CODE", "c1", "ams", "Amsterdam", issuing.conversationId(), Platform.TELEGRAM, "42",
                "Ana", NOW, null);

        Fan issued = Dialogue.afterClaim(c, issuing, new Dialogue.ClaimResult.Issued(ticket), Map.of()).next().build(NOW);
        Dialogue.Step soldOut = Dialogue.afterClaim(c, issuing, new Dialogue.ClaimResult.SoldOut(), Map.of("nyc", 1));

        assertThat(issued.state()).isEqualTo(FanState.TICKET_ISSUED);
        assertThat(issued.ticketCode()).isEqualTo("CODE");
        assertThat(issued.pendingEventKey()).isNull();
        assertThat(soldOut.next().build(NOW).state()).isEqualTo(FanState.CHOOSING_POOL);
        assertThat(soldOut.next().build(NOW).ticketCode()).isNull();
    }

    @Test
    void finishedFansGetTheirStatusAgainAndAClaimInProgressIsNotADialogueState() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10));
        Fan holder = in(FanState.TICKET_ISSUED, 1, 2).toBuilder().poolId("ams").ticketCode("CODE").build(NOW);

        assertThat(Dialogue.onMessage(c, holder, typed("hi?"), Map::of).replies()).extracting(Reply::text)
                .containsExactly("Your VIP ticket for Amsterdam: CODE - show this code at the door.");
        assertThat(Dialogue.onMessage(c, in(FanState.LOST, 1, 0), typed("again"), Map::of).replies())
                .extracting(Reply::text).containsExactly("You already played Summer Party. See you at the party!");
        assertThatThrownBy(() -> Dialogue.onMessage(c, in(FanState.ISSUING, 1, 2), typed("x"), Map::of))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInvitationAsksTheFirstQuestionAndRecordsTheDraw() {
        Campaign scheduled = campaign(new Selection(SelectionMode.SCHEDULED, null, null), 2, new PoolSpec("a", "A", 1));
        Dialogue.Step step = Dialogue.onInvited(scheduled, in(FanState.ENTERED, 0, 0), "draw-7");
        Fan next = step.next().build(NOW);

        assertThat(next.state()).isEqualTo(FanState.ASKING);
        assertThat(next.invitedBy()).isEqualTo("draw-7");
        assertThat(next.selected()).isTrue();
        assertThat(step.replies()).hasSize(2);
    }

    @Test
    void textsFillPlaceholdersAndNameAnonymousFansThere() {
        Campaign c = everyoneIn(new PoolSpec("ams", "Amsterdam", 10));
        Fan anonymous = Fan.newcomer("c1", "telegram:bot:1", Platform.TELEGRAM, "bot", "1", null, null, NOW);

        assertThat(Dialogue.render("Hi {name} at {campaign}: {code}", c, anonymous, "code", "X"))
                .isEqualTo("Hi there at Summer Party: X");
    }
}
