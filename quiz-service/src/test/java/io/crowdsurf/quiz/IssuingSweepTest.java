package io.crowdsurf.quiz;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Dialogue.ClaimResult;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.OutboxEntry;
import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.Reply;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.domain.TicketCodes;
import io.crowdsurf.quiz.persistence.CampaignRepository;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.HoldRepository;
import io.crowdsurf.quiz.persistence.IssuingRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.QuizStore;
import io.crowdsurf.quiz.persistence.TicketRepository;
import io.crowdsurf.quiz.service.ConversationService;
import io.crowdsurf.quiz.service.TicketIssuer;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.conversation;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.post;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims interrupted at every point a crash can hit, then finished by the retry or by the schedule's sweep:
 * never a unit lost, never two, never a second ticket, and the turn's one reply sent once. The interrupted states
 * are written exactly as the services write them (the same repositories), with timestamps older than
 * {@code quiz.sweep-after} — what a crash minutes ago leaves behind.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class IssuingSweepTest {

    private static final Duration AGO = Duration.ofMinutes(10);

    @Inject
    FanRepository fans;
    @Inject
    PoolRepository pools;
    @Inject
    HoldRepository holds;
    @Inject
    IssuingRepository issuing;
    @Inject
    TicketRepository tickets;
    @Inject
    CampaignRepository campaigns;
    @Inject
    TicketIssuer issuer;
    @Inject
    QuizStore store;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    static int sweep(String id) {
        return post(EventType.QUIZ_SWEEP_REQUESTED.type(), id, "/crowdsurf/schedule", "{\"reason\":\"test\"}");
    }

    /**
     * The fan's winning answer was applied (fan written in ISSUING, listed as claiming), then the process died —
     * before the decrement, or after it — and the broker never redelivered the event.
     */
    private Fan strandInIssuing(String bot, String id, String user, String eventId, boolean tookUnit) {
        String conv = conversation(bot, user);
        deliver(text(bot, user, "hi"));
        deliver(text(bot, user, "Amsterdam"));
        ReplyTap.awaitReplies(conv, 2);
        Fan asking = fans.find(id, conv).orElseThrow();
        String key = ConversationService.eventKey(QuizTestSupport.GATEWAY_SOURCE, eventId);
        Instant then = Instant.now().minus(AGO);
        Fan next = asking.toBuilder().answered(2).correct(2).won(true).state(FanState.ISSUING).poolId("ams")
                .ticketCode(TicketCodes.next()).pendingEventKey(key)
                .pendingReplies(List.of(Reply.of("Correct!"), Reply.of("You won a VIP ticket!")))
                .outbox(new OutboxEntry(key, eventId, List.of()), 8).build(then);
        issuing.mark(next, then);
        assertThat(fans.replace(next)).isTrue();
        if (tookUnit) {
            assertThat(pools.take(id, "ams", conv, "crashed-take", then)).isTrue();
        }
        return next;
    }

    @Test
    void theSweepFinishesAFanLeftInIssuingOnceWithOneReply() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 3)));
        Fan before = strandInIssuing(bot, id, "stuck", "webchat:lost-1", false);
        Fan afterTake = strandInIssuing(bot, id, "stucktoo", "webchat:lost-2", true);
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(2);

        assertThat(sweep("quiz-issuing-sweep-1")).isEqualTo(204);

        for (Fan stranded : List.of(before, afterTake)) {
            String conv = stranded.conversationId();
            Fan done = fans.find(id, conv).orElseThrow();
            assertThat(done.state()).as(conv).isEqualTo(FanState.TICKET_ISSUED);
            Ticket ticket = tickets.findByFan(id, conv).orElseThrow();
            assertThat(ticket.code()).isEqualTo(stranded.ticketCode());
            List<ChatReplyRequested> r = ReplyTap.awaitReplies(conv, 3);
            assertThat(r.get(2).text()).isEqualTo("Correct!\n\nYou won a VIP ticket!\n\nYour VIP ticket for AMS: "
                    + ticket.code() + " - show this code at the door.");
            assertThat(r.get(2).replyId()).isEqualTo(stranded.outbox().get(stranded.outbox().size() - 1).replyBase() + ":0");
            assertThat(ReplyTap.await(() -> ReplyTap.awards(conv), l -> !l.isEmpty(), "award")).hasSize(1);
            assertThat(store.issuing().countDocuments(Filters.eq("_id", stranded.key()))).as("marker gone").isZero();
        }
        assertUnitsAccountedFor(id, "ams", 3);
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(1);

        // Idempotent: the next sweep, the fan's redelivered message and its next message change nothing.
        assertThat(sweep("quiz-issuing-sweep-2")).isEqualTo(204);
        deliver(text(bot, "stuck", "still there?"));
        ReplyTap.awaitReplies(before.conversationId(), 4);
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(1);
        assertThat(ReplyTap.distinctReplies(before.conversationId())).hasSize(4);
        assertThat(ReplyTap.distinctReplies(afterTake.conversationId())).hasSize(3);
        assertThat(store.tickets().countDocuments(Filters.eq("campaignId", id))).isEqualTo(2);
    }

    @Test
    void theFansNextMessageAlsoFinishesIt() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 2)));
        Fan stranded = strandInIssuing(bot, id, "writer", "webchat:lost-3", true);
        deliver(text(bot, "writer", "hello?"));
        List<ChatReplyRequested> r = ReplyTap.awaitReplies(stranded.conversationId(), 4);
        assertThat(r).extracting(ChatReplyRequested::text).anyMatch(t -> t.startsWith("Correct!\n\nYou won a VIP ticket!"));
        assertThat(fans.find(id, stranded.conversationId()).orElseThrow().state()).isEqualTo(FanState.TICKET_ISSUED);
        assertUnitsAccountedFor(id, "ams", 2);
        assertThat(store.issuing().countDocuments(Filters.eq("_id", stranded.key()))).isZero();
    }

    @Test
    void aStaleMarkerIsDroppedAndAFreshOneLeftAlone() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 2)));
        String conv = conversation(bot, "moved-on");
        deliver(text(bot, "moved-on", "hi"));
        ReplyTap.awaitReplies(conv, 1);
        Fan fan = fans.find(id, conv).orElseThrow();
        // A claim write that lost its compare-and-set left its marker: the fan is at that version, not ISSUING.
        Fan ghost = fan.toBuilder().state(FanState.ISSUING).poolId("ams").ticketCode(TicketCodes.next())
                .pendingEventKey("lost-race").build(Instant.now());
        Fan older = new Fan(ghost.key(), ghost.campaignId(), ghost.conversationId(), ghost.platform(), ghost.botId(),
                ghost.userId(), ghost.userName(), ghost.state(), fan.version(), true, null, 0, 0, 0, false, "ams",
                ghost.ticketCode(), "lost-race", List.of(), null, null, null, null, null, List.of(), List.of());
        issuing.mark(older, Instant.now().minus(AGO));
        assertThat(sweep("quiz-issuing-sweep-3")).isEqualTo(204);
        assertThat(store.issuing().countDocuments(Filters.eq("_id", fan.key()))).isZero();
        assertThat(fans.find(id, conv).orElseThrow().version()).isEqualTo(fan.version());
        // A marker younger than quiz.sweep-after belongs to a claim in flight: not touched.
        issuing.mark(ghost, Instant.now());
        assertThat(sweep("quiz-issuing-sweep-4")).isEqualTo(204);
        assertThat(store.issuing().countDocuments(Filters.eq("_id", fan.key()))).isOne();
        issuing.clear(fan.key(), "lost-race");
    }

    @Test
    void aCrashAtAnyPointOfTheClaimNeitherLosesNorDoublesAUnit() {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 10)));
        Campaign c = campaigns.find(id).orElseThrow();
        Instant then = Instant.now().minus(AGO);

        // 1. Crashed after the decrement, before the hold: the retry adopts that unit.
        Fan a = claiming(c, bot, "a");
        assertThat(pools.take(id, "ams", a.conversationId(), "t-a", then)).isTrue();
        assertThat(issuer.claim(c, a, Instant.now())).isInstanceOf(ClaimResult.Issued.class);
        assertThat(holds.token(id, "ams", a.conversationId())).contains("t-a");

        // 2. Crashed after the hold, before settling and the ticket: the retry settles and issues.
        Fan b = claiming(c, bot, "b");
        assertThat(pools.take(id, "ams", b.conversationId(), "t-b", then)).isTrue();
        assertThat(holds.insert(id, "ams", b.conversationId(), "t-b", then)).isTrue();
        assertThat(issuer.claim(c, b, Instant.now())).isInstanceOf(ClaimResult.Issued.class);

        // 3. A concurrent delivery of a's claim decremented once more and died before giving it back.
        assertThat(pools.take(id, "ams", a.conversationId(), "t-a2", then)).isTrue();
        // 4. A unit being released (the fan holds a ticket elsewhere) died after listing it, before the hold went.
        Fan d = claiming(c, bot, "d");
        assertThat(pools.take(id, "ams", d.conversationId(), "t-d", then)).isTrue();
        assertThat(holds.insert(id, "ams", d.conversationId(), "t-d", then)).isTrue();
        pools.settle(id, "ams", "t-d");
        pools.markRelease(id, "ams", d.conversationId(), "t-d", then);
        // 5. Crashed after the decrement, and nobody retries that fan: the sweep adopts the unit for it.
        Fan e = claiming(c, bot, "e");
        assertThat(pools.take(id, "ams", e.conversationId(), "t-e", then)).isTrue();
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(10 - 5);

        assertThat(sweep("quiz-issuing-sweep-5")).isEqualTo(204);
        // a's extra unit and d's released unit are back; e holds its one; a, b and e hold one each.
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(10 - 3);
        assertThat(holds.token(id, "ams", d.conversationId())).isEmpty();
        assertThat(holds.token(id, "ams", e.conversationId())).contains("t-e");
        assertUnitsAccountedFor(id, "ams", 10);
        // e's claim, whenever it runs, uses that unit and takes no other.
        assertThat(issuer.claim(c, e, Instant.now())).isInstanceOf(ClaimResult.Issued.class);
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(10 - 3);
        assertThat(store.tickets().countDocuments(Filters.eq("campaignId", id))).isEqualTo(3);
    }

    @Test
    void concurrentClaimsOfOneFanTakeOneUnit() throws Exception {
        String bot = newBot();
        String id = createOpen(campaign(bot, 1.0, Map.of("ams", 5)));
        Campaign c = campaigns.find(id).orElseThrow();
        List<Fan> claimants = List.of(claiming(c, bot, "x"), claiming(c, bot, "y"), claiming(c, bot, "z"));
        List<Callable<ClaimResult>> shots = new ArrayList<>();
        for (Fan f : claimants) {
            for (int i = 0; i < 8; i++) {
                shots.add(() -> issuer.claim(c, f, Instant.now()));
            }
        }
        java.util.Collections.shuffle(shots, new java.util.Random(7));
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<ClaimResult> r : pool.invokeAll(shots)) {
                assertThat(r.get()).isInstanceOf(ClaimResult.Issued.class);
            }
        }
        assertThat(pools.find(id, "ams").orElseThrow().remaining()).isEqualTo(2);
        assertThat(store.tickets().countDocuments(Filters.eq("campaignId", id))).isEqualTo(3);
        assertUnitsAccountedFor(id, "ams", 5);
    }

    /** A fan in ISSUING on pool ams, as the claim sees it (the fan document itself plays no part in the claim). */
    private static Fan claiming(Campaign c, String bot, String user) {
        return Fan.newcomer(c.id(), conversation(bot, user), Platform.WEBCHAT, bot, user, "Fan " + user, null,
                Instant.now()).toBuilder().state(FanState.ISSUING).poolId("ams").ticketCode(TicketCodes.next())
                .build(Instant.now());
    }

    /** Every unit taken is held by exactly one fan, and nothing is left pending: remaining + holds = capacity. */
    private void assertUnitsAccountedFor(String campaignId, String poolId, int capacity) {
        Document pool = store.pools().find(Filters.eq("_id", PoolInventory.key(campaignId, poolId))).first();
        assertThat(pool.getList("pending", Document.class)).as("pending units").isEmpty();
        long held = store.holds().countDocuments(Filters.and(Filters.eq("campaignId", campaignId),
                Filters.eq("poolId", poolId)));
        assertThat(pool.getInteger("remaining") + held).as("remaining + held of " + poolId).isEqualTo(capacity);
    }
}
