package io.crowdsurf.quiz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.quiz.domain.FairDraw;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.conversation;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.deliverDraw;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Scheduled mode: fans enter by messaging, draw events invite N of them without replacement. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class ScheduledDrawTest {

    private static final int ENTRANTS = 10;

    @Inject
    FanRepository fans;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    @Test
    void drawsInviteDistinctEntrantsOnceEach() {
        String bot = newBot();
        Map<String, Object> body = campaign(bot, 1.0, Map.of("ams", 5));
        body.put("selection", Map.of("mode", "SCHEDULED"));
        String id = createOpen(body);
        for (int i = 0; i < ENTRANTS; i++) {
            deliver(text(bot, "e" + i, "count me in"));
            assertThat(ReplyTap.awaitReplies(conversation(bot, "e" + i), 1).get(0).text())
                    .isEqualTo("You're in the draw for DJ Birthday Bash. We'll message you if you're picked!");
        }
        admin().get("/api/v1/campaigns/" + id + "/stats").then().body("waiting", equalTo(ENTRANTS))
                .body("selected", equalTo(0));

        assertThat(deliverDraw(id, 3, "ping-1")).isEqualTo(204);
        Set<String> first = invited(bot, id);
        assertThat(first).hasSize(3);
        // The same draw event again invites nobody new and re-draws nothing.
        assertThat(deliverDraw(id, 3, "ping-1")).isEqualTo(204);
        assertThat(invited(bot, id)).isEqualTo(first);

        // The next draw picks among the others only.
        assertThat(deliverDraw(id, 4, "ping-2")).isEqualTo(204);
        Set<String> both = invited(bot, id);
        assertThat(both).hasSize(7).containsAll(first);

        String someone = first.iterator().next();
        // The invitation and the first question are one message.
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(someone, 2);
        assertThat(r.get(1).text()).startsWith("Good news Fan e")
                .endsWith("\n\nQuestion 1/2: In which city was the DJ born?");
        assertThat(r.get(1).replyId()).isEqualTo("ping-1:" + someone + ":0");
        assertThat(ReplyTap.distinctReplies(someone)).hasSize(2);

        // An invited fan plays on as usual.
        String user = someone.substring(someone.lastIndexOf(':') + 1);
        deliver(text(bot, user, "Amsterdam"));
        assertThat(ReplyTap.awaitReplies(someone, 3).get(2).text()).startsWith("Correct!\n\nQuestion 2/2");

        // An admin draw with an id is idempotent too; it draws the remaining three when asked for ten.
        admin().contentType("application/json").body(Map.of("count", 10, "drawId", "final-round"))
                .post("/api/v1/campaigns/" + id + "/draws").then().statusCode(200)
                .body("winners", hasSize(3)).body("eligible", equalTo(3));
        admin().contentType("application/json").body(Map.of("count", 10, "drawId", "final-round"))
                .post("/api/v1/campaigns/" + id + "/draws").then().statusCode(200).body("winners", hasSize(3));
        assertThat(invited(bot, id)).hasSize(ENTRANTS);
        admin().get("/api/v1/campaigns/" + id + "/stats").then().body("waiting", equalTo(0))
                .body("selected", equalTo(ENTRANTS));
    }

    @Test
    void drawIsReproducibleFromTheSeed() {
        List<String> entrants = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entrants.add("webchat:bot:" + i);
        }
        String seed = FairDraw.newSeed();
        List<String> a = FairDraw.pick(seed, "ping-7", entrants, 5);
        List<String> shuffled = new ArrayList<>(entrants);
        java.util.Collections.shuffle(shuffled);
        assertThat(FairDraw.pick(seed, "ping-7", shuffled, 5)).isEqualTo(a);
        assertThat(new HashSet<>(a)).hasSize(5);
    }

    private Set<String> invited(String bot, String id) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < ENTRANTS; i++) {
            Fan f = fans.find(id, conversation(bot, "e" + i)).orElseThrow();
            if (f.selected()) {
                out.add(f.conversationId());
            }
        }
        return out;
    }
}
