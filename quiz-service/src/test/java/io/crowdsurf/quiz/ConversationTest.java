package io.crowdsurf.quiz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.TicketRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.conversation;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.tap;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Whole conversations through the Funqy endpoint, replies read back from Kafka, state from MongoDB. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class ConversationTest {

    @Inject
    FanRepository fans;
    @Inject
    PoolRepository pools;
    @Inject
    TicketRepository tickets;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    private static Map<String, Integer> pools(Object... idCap) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < idCap.length; i += 2) {
            m.put((String) idCap[i], (Integer) idCap[i + 1]);
        }
        return m;
    }

    @Test
    void fullConversationFromFirstMessageToTicket() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 5, "nyc", 5)));
        String conv = conversation(bot, "alice");

        assertThat(deliver(text(bot, "alice", "hi!"))).isEqualTo(204);
        // One reply per turn: the welcome and the first question are one message.
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 1);
        assertThat(r.get(0).text()).isEqualTo(
                "Hi Fan alice, welcome to DJ Birthday Bash!\n\nQuestion 1/2: In which city was the DJ born?");
        assertThat(r.get(0).choices()).isEmpty();
        assertThat(r.get(0).conversationId()).isEqualTo(conv);
        assertThat(r.get(0).lastUserMessageAt()).isNotNull();

        // Accents, case, punctuation and one typo on a long answer are forgiven.
        assertThat(deliver(text(bot, "alice", "  ÁMSTERDAN!! "))).isEqualTo(204);
        r = ReplyTap.awaitReplies(conv, 2);
        assertThat(r.get(1).text()).isEqualTo("Correct!\n\nQuestion 2/2: Which year was the first album released?");
        assertThat(r.get(1).choices()).extracting(Choice::title).containsExactly("2007", "2009", "2011");
        String rightButton = r.get(1).choices().get(1).payload();
        assertThat(rightButton).isEqualTo("quiz:" + id + ":q1:1");

        assertThat(deliver(tap(bot, "alice", rightButton))).isEqualTo(204);
        r = ReplyTap.awaitReplies(conv, 3);
        assertThat(r.get(2).text()).isEqualTo(
                "Correct!\n\nYou won a VIP ticket!\n\nWhich party do you want a ticket for?");
        assertThat(r.get(2).choices()).extracting(Choice::title).containsExactly("AMS", "NYC");

        assertThat(deliver(tap(bot, "alice", "quiz:" + id + ":pool:nyc"))).isEqualTo(204);
        r = ReplyTap.awaitReplies(conv, 4);
        Ticket ticket = tickets.findByFan(id, conv).orElseThrow();
        assertThat(ticket.poolId()).isEqualTo("nyc");
        assertThat(ticket.code()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]+");
        assertThat(r.get(3).text()).isEqualTo("Your VIP ticket for NYC: " + ticket.code() + " - show this code at the door.");
        List<QuizTicketAwarded> awards = ReplyTap.await(() -> ReplyTap.awards(conv), l -> !l.isEmpty(), "award");
        assertThat(awards.get(0).ticketCode()).isEqualTo(ticket.code());
        assertThat(awards.get(0).poolId()).isEqualTo("nyc");

        // Reply ids are deterministic: <incoming event id>:<n>.
        assertThat(r).extracting(ChatReplyRequested::replyId).allMatch(s -> s.matches("webchat:m\\d+:0"));
        assertThat(fans.find(id, conv).orElseThrow().state()).isEqualTo(FanState.TICKET_ISSUED);
        assertThat(pools.find(id, "nyc").orElseThrow().remaining()).isEqualTo(4);

        // After winning, the bot reminds the fan of the code instead of starting over.
        deliver(text(bot, "alice", "what was my code?"));
        assertThat(ReplyTap.awaitReplies(conv, 5).get(4).text()).contains(ticket.code());
        assertThat(ReplyTap.distinctReplies(conv)).as("one reply per incoming message").hasSize(5);

        admin().get("/api/v1/campaigns/" + id + "/stats").then().statusCode(200)
                .body("entrants", equalTo(1)).body("selected", equalTo(1)).body("answered", equalTo(1))
                .body("won", equalTo(1)).body("ticketsIssued", equalTo(1))
                .body("pools.find { it.id == 'nyc' }.remaining", equalTo(4))
                .body("pools.find { it.id == 'ams' }.remaining", equalTo(5));
    }

    @Test
    void wrongAnswerLoses() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 5)));
        String conv = conversation(bot, "bob");
        deliver(text(bot, "bob", "hello"));
        ReplyTap.awaitReplies(conv, 1);
        deliver(text(bot, "bob", "Rotterdam"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 2);
        // Both answers are needed; one wrong means the outcome is decided at once.
        assertThat(r.get(1).text())
                .isEqualTo("Sorry, that's not right.\n\nNot this time. Thanks for playing DJ Birthday Bash!");
        assertThat(fans.find(id, conv).orElseThrow().state()).isEqualTo(FanState.LOST);
        deliver(text(bot, "bob", "Amsterdam"));
        assertThat(ReplyTap.awaitReplies(conv, 3).get(2).text()).startsWith("You already played");
        assertThat(tickets.findByFan(id, conv)).isEmpty();
    }

    @Test
    void wrongButtonTapLosesAndAStaleButtonIsIgnored() {
        String bot = newBot();
        Map<String, Object> c = campaign(bot, 1.0, pools("ams", 5));
        c.put("requiredCorrect", 1);
        String id = createOpen(c);
        String conv = conversation(bot, "carol");
        deliver(text(bot, "carol", "hi"));
        deliver(text(bot, "carol", "Utrecht"));
        ReplyTap.awaitReplies(conv, 2);
        // A button of a question not being asked is not an answer: the current one is asked again.
        deliver(tap(bot, "carol", "quiz:" + id + ":q0:0"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 3);
        assertThat(r.get(2).text()).startsWith("Question 2/2");
        deliver(tap(bot, "carol", "quiz:" + id + ":q1:0"));
        r = ReplyTap.awaitReplies(conv, 4);
        assertThat(r.get(3).text()).startsWith("Sorry, that's not right.\n\nNot this time");
    }

    @Test
    void notSelectedFanIsToldSoAndStaysOut() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1e-12, pools("ams", 5)));
        String conv = conversation(bot, "dave");
        deliver(text(bot, "dave", "pick me"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 1);
        assertThat(r.get(0).text()).isEqualTo("Thanks for joining DJ Birthday Bash! You were not picked this time. Enjoy the party!");
        Fan fan = fans.find(id, conv).orElseThrow();
        assertThat(fan.state()).isEqualTo(FanState.NOT_SELECTED);
        assertThat(fan.draw()).isNotNull().isGreaterThanOrEqualTo(1e-12);
        deliver(text(bot, "dave", "please?"));
        assertThat(ReplyTap.awaitReplies(conv, 2).get(1).text()).startsWith("You already played");
        assertThat(fans.find(id, conv).orElseThrow().selected()).isFalse();
    }

    @Test
    void soldOutPoolOffersTheOtherOne() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 1, "nyc", 3)));
        winUntilPoolChoice(bot, id, "erin");
        deliver(tap(bot, "erin", "quiz:" + id + ":pool:ams"));
        assertThat(tickets.findByFan(id, conversation(bot, "erin")).orElseThrow().poolId()).isEqualTo("ams");

        // frank was offered both pools, but erin took the last Amsterdam ticket meanwhile.
        winUntilPoolChoice(bot, id, "frank");
        String conv = conversation(bot, "frank");
        int before = ReplyTap.distinctReplies(conv).size();
        deliver(tap(bot, "frank", "quiz:" + id + ":pool:ams"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, before + 1);
        assertThat(r.get(before).text())
                .isEqualTo("Sorry, the AMS tickets are all gone.\n\nWhich party do you want a ticket for?");
        assertThat(r.get(before).choices()).extracting(Choice::title).containsExactly("NYC");
        assertThat(fans.find(id, conv).orElseThrow().state()).isEqualTo(FanState.CHOOSING_POOL);

        deliver(text(bot, "frank", "nyc"));
        assertThat(ReplyTap.awaitReplies(conv, before + 2).get(before + 1).text()).startsWith("Your VIP ticket for NYC");
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isZero();
        assertThat(pools.find(id, "nyc").orElseThrow().remaining()).isEqualTo(2);

        // A later winner is only offered what is left.
        winUntilPoolChoice(bot, id, "gina");
        List<ChatReplyRequested> g = ReplyTap.distinctReplies(conversation(bot, "gina"));
        assertThat(g.get(g.size() - 1).choices()).extracting(Choice::title).containsExactly("NYC");
    }

    @Test
    void lastTicketGoneMeansSoldOut() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 0)));
        String conv = conversation(bot, "hank");
        deliver(text(bot, "hank", "hi"));
        deliver(text(bot, "hank", "amsterdam"));
        deliver(text(bot, "hank", "2009"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 3);
        assertThat(r.get(2).text()).isEqualTo("Correct!\n\nYou won a VIP ticket!\n\nSorry, the AMS tickets are all gone.");
        assertThat(fans.find(id, conv).orElseThrow().state()).isEqualTo(FanState.SOLD_OUT);
    }

    @Test
    void redeliveredEventsChangeNothing() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 3)));
        String conv = conversation(bot, "ivy");
        ChatMessageReceived first = text(bot, "ivy", "hi");
        assertThat(deliver(first)).isEqualTo(204);
        assertThat(deliver(first)).isEqualTo(204);
        ReplyTap.awaitReplies(conv, 1);
        Fan afterFirst = fans.find(id, conv).orElseThrow();
        assertThat(afterFirst.version()).isEqualTo(1);

        ChatMessageReceived answer = text(bot, "ivy", "Amsterdam");
        deliver(answer);
        ChatMessageReceived winning = text(bot, "ivy", "2009");
        deliver(winning);
        ReplyTap.awaitReplies(conv, 3);
        Fan won = fans.find(id, conv).orElseThrow();
        Ticket ticket = tickets.findByFan(id, conv).orElseThrow();

        // Every event again, out of order, the winning one three times: same state, same ticket, same pool.
        for (ChatMessageReceived again : List.of(winning, first, answer, winning, winning)) {
            assertThat(deliver(again)).isEqualTo(204);
        }
        Fan after = fans.find(id, conv).orElseThrow();
        assertThat(after.version()).isEqualTo(won.version());
        assertThat(after.state()).isEqualTo(FanState.TICKET_ISSUED);
        assertThat(tickets.findByFan(id, conv).orElseThrow()).isEqualTo(ticket);
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(2);
        // Re-published replies carry the same ids, so the fan still gets each message once.
        List<ChatReplyRequested> distinct = ReplyTap.distinctReplies(conv);
        assertThat(distinct).hasSize(3);
        assertThat(ReplyTap.awards(conv)).extracting(QuizTicketAwarded::ticketCode).containsOnly(ticket.code());
        // The first message's redelivery did not re-draw or restart the quiz.
        assertThat(distinct).filteredOn(x -> x.text().contains("Question 1/")).hasSize(1);
    }

    @Test
    void closedCampaignSaysSo() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, pools("ams", 3)));
        admin().post("/api/v1/campaigns/" + id + "/close").then().statusCode(200);
        String conv = conversation(bot, "jack");
        deliver(text(bot, "jack", "hi"));
        assertThat(ReplyTap.awaitReplies(conv, 1).get(0).text()).isEqualTo("DJ Birthday Bash is closed. Thanks for your interest!");
        assertThat(fans.find(id, conv)).isEmpty();
    }

    @Test
    void messagesToBotsWithoutCampaignAreIgnored() {
        String bot = newBot();
        assertThat(deliver(text(bot, "kim", "hi"))).isEqualTo(204);
    }

    @Test
    void poisonDataIsAnError() {
        // Funqy answers 5xx for any failure (it cannot answer 4xx); the Trigger retries, then dead-letters.
        String bot = newBot();
        ChatMessageReceived noConversation = new ChatMessageReceived(io.crowdsurf.events.data.Platform.WEBCHAT, bot,
                "x", null, "m-poison", "hi", null, null, null, null);
        assertThat(deliver(noConversation)).isEqualTo(500);
        assertThat(QuizTestSupport.post(io.crowdsurf.events.EventType.CHAT_MESSAGE_RECEIVED.type(), "p2",
                QuizTestSupport.GATEWAY_SOURCE, "{\"platform\":\"carrier-pigeon\"}")).isEqualTo(500);
    }

    private void winUntilPoolChoice(String bot, String id, String user) {
        String conv = conversation(bot, user);
        deliver(text(bot, user, "hi"));
        deliver(text(bot, user, "amsterdam"));
        deliver(tap(bot, user, "quiz:" + id + ":q1:1"));
        ReplyTap.awaitReplies(conv, 3);
        assertThat(fans.find(id, conv).orElseThrow().state()).isEqualTo(FanState.CHOOSING_POOL);
    }
}
