package io.crowdsurf.quiz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.QuizStore;
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

/**
 * Many winners racing for the last tickets, each winning event delivered several times at once (as a
 * broker retrying while the first attempt still runs would): exactly the capacity is issued, the counter
 * ends at zero, no fan holds two tickets, and every loser is told the pool is sold out.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class TicketRaceTest {

    private static final Logger LOG = Logger.getLogger(TicketRaceTest.class);
    private static final int FANS = 60;
    private static final int CAPACITY = 7;
    private static final int COPIES = 3;

    @Inject
    FanRepository fans;
    @Inject
    PoolRepository pools;
    @Inject
    QuizStore store;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    @Test
    void manyFansRaceForTheLastTickets() throws Exception {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("vip", CAPACITY)));
        List<ChatMessageReceived> winning = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            // Everyone reaches the last question (in parallel, fans are independent).
            List<Future<ChatMessageReceived>> ready = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < FANS; i++) {
                String user = "racer" + i;
                ready.add(pool.submit(() -> {
                    assertThat(deliver(text(bot, user, "hi"))).isEqualTo(204);
                    assertThat(deliver(text(bot, user, "Amsterdam"))).isEqualTo(204);
                    return tap(bot, user, "quiz:" + id + ":q1:1");
                }));
            }
            for (Future<ChatMessageReceived> f : ready) {
                winning.add(f.get());
            }
            long warmup = System.nanoTime() - t0;

            // Then all winning answers at once, each delivered COPIES times concurrently.
            List<Callable<Integer>> shots = new ArrayList<>();
            for (ChatMessageReceived m : winning) {
                for (int c = 0; c < COPIES; c++) {
                    shots.add(() -> deliver(m));
                }
            }
            java.util.Collections.shuffle(shots, new java.util.Random(42));
            long t1 = System.nanoTime();
            for (Future<Integer> f : pool.invokeAll(shots)) {
                assertThat(f.get()).isEqualTo(204);
            }
            long race = System.nanoTime() - t1;
            LOG.infof("MEASURED: %d fans to the last question in %d ms (%d events, %.0f events/s); "
                    + "%d winning deliveries raced in %d ms", FANS, warmup / 1_000_000, FANS * 2,
                    FANS * 2 / (warmup / 1e9), shots.size(), race / 1_000_000);
        }

        assertThat(pools.find(id, "vip").orElseThrow().remaining()).isZero();
        List<Document> tickets = store.tickets().find(Filters.eq("campaignId", id)).into(new ArrayList<>());
        assertThat(tickets).hasSize(CAPACITY);
        Set<String> holders = new HashSet<>();
        for (Document t : tickets) {
            assertThat(holders.add(t.getString("fanId"))).as("one ticket per fan").isTrue();
        }
        long issued = 0;
        long soldOut = 0;
        for (int i = 0; i < FANS; i++) {
            Fan f = fans.find(id, conversation(bot, "racer" + i)).orElseThrow();
            assertThat(f.state()).isIn(FanState.TICKET_ISSUED, FanState.SOLD_OUT);
            if (f.state() == FanState.TICKET_ISSUED) {
                issued++;
                assertThat(holders).contains(f.conversationId());
            } else {
                soldOut++;
            }
        }
        assertThat(issued).isEqualTo(CAPACITY);
        assertThat(soldOut).isEqualTo(FANS - CAPACITY);
        // Every fan got exactly one outcome message (deduplicated by replyId, as bot-gateway does), and one reply
        // per turn: three messages, three replies — the winning turn's feedback and outcome in one.
        for (int i = 0; i < FANS; i++) {
            String conv = conversation(bot, "racer" + i);
            List<String> texts = ReplyTap.awaitReplies(conv, 3).stream().map(r -> r.text()).toList();
            List<String> outcomes = texts.stream()
                    .filter(t -> t.contains("Your VIP ticket") || t.contains("Sorry, the VIP")).toList();
            assertThat(outcomes).as(conv).hasSize(1);
            assertThat(outcomes.get(0)).as(conv).startsWith("Correct!\n\nYou won a VIP ticket!\n\n");
            assertThat(ReplyTap.distinctReplies(conv)).as(conv).hasSize(3);
        }
        admin().get("/api/v1/campaigns/" + id + "/stats").then().statusCode(200)
                .body("ticketsIssued", equalTo(CAPACITY)).body("won", equalTo(FANS))
                .body("soldOut", equalTo(FANS - CAPACITY)).body("pools[0].remaining", equalTo(0));
    }
}
