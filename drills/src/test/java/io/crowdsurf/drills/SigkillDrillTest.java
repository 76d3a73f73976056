package io.crowdsurf.drills;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowdsurf.devstack.dispatch.BackoffPolicy;
import io.crowdsurf.devstack.dispatch.DeliverySpec;
import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.drills.harness.QuizScenario;
import io.crowdsurf.drills.harness.Stack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 5: services killed with SIGKILL ({@code Process.destroyForcibly()}) while fans are mid-conversation,
 * then started again on the same port. Webhooks sent while the gateway is dead are refused and redelivered
 * (as Meta does); events the dispatcher cannot deliver are retried. No effect may be lost or doubled: every
 * fan gets each expected reply exactly once, one ticket per winner, no pool below zero.
 *
 * <p>The dispatcher gets a longer retry budget than the manifests (linear 0.5 s, 14 retries: 52 s) so that a
 * restart on a busy 2-core machine is not mistaken for a lost event; the drill is about the services' crash
 * safety, not the broker's patience.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigkillDrillTest {

    private static final int FANS = 24;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("sigkill")
                .delivery(d -> new DeliverySpec(14, BackoffPolicy.LINEAR, Duration.ofMillis(500), d.timeout(),
                        d.deadLetter()))
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void quizServiceKilledWhileEventsAreInFlight() {
        QuizScenario quiz = new QuizScenario(stack, "kill-quiz", FANS, FANS).create();
        CompletableFuture<Void> fault = inBackground(() -> {
            Poll.until(Duration.ofSeconds(120), "a quarter of the fans finished", () -> finished(quiz) >= FANS / 4);
            stack.quiz().kill();
            stack.quiz().start();
        });
        quiz.play(QuizScenario.UNTIL_ACKED, Duration.ofSeconds(180), f -> { });
        fault.join();
        assertThat(stack.quiz().starts()).as("quiz-service was killed and restarted").isEqualTo(2);
        quiz.assertExactlyOnce();
        assertNoFanMessageDeadLettered();
    }

    @Test
    @Order(2)
    void botGatewayKilledWhileFansAreMidConversation() {
        QuizScenario quiz = new QuizScenario(stack, "kill-gateway", FANS, FANS).create();
        AtomicBoolean paused = new AtomicBoolean();
        QuizScenario.Delivery delivery = (messenger, body) -> {
            Poll.until(Duration.ofSeconds(120), "fans resume", () -> !paused.get());
            QuizScenario.UNTIL_ACKED.deliver(messenger, body);
        };
        int startsBefore = stack.gateway().starts();
        CompletableFuture<Void> fault = inBackground(() -> {
            Poll.until(Duration.ofSeconds(120), "a third of the fans finished", () -> finished(quiz) >= FANS / 3);
            // Fans stop typing for a moment; once every reply owed has gone out, the gateway dies.
            paused.set(true);
            Poll.settled(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> stack.sendApi().count());
            stack.gateway().kill();
            paused.set(false);
            // Fans keep writing to a dead gateway (connection refused, redelivered) until it is back.
            Poll.sleep(500);
            stack.gateway().start();
        });
        quiz.play(delivery, Duration.ofSeconds(180), f -> { });
        fault.join();
        assertThat(stack.gateway().starts()).as("bot-gateway was killed and restarted").isEqualTo(startsBefore + 1);
        quiz.assertExactlyOnce();
        assertNoFanMessageDeadLettered();
    }

    /**
     * The gateway dies while a Send API call is in flight (claimed in its ledger, not yet processed by the
     * platform). The reply must still reach the fan once the gateway is back: a redelivery takes the dead
     * claim over within the broker's retry budget.
     */
    @Test
    @Order(3)
    void botGatewayKilledMidSendStillDeliversTheReply() {
        QuizScenario quiz = new QuizScenario(stack, "kill-mid-send", 1, 5).create();
        String psid = quiz.psid(0);
        stack.sendApi().hold(5_000);
        try {
            assertThat(quiz.messenger().post(quiz.messenger().message(psid, "mid.kill-mid-send.0", "hi", null))
                    .status()).isEqualTo(200);
            Poll.until(Duration.ofSeconds(60), "a Send API call is in flight", () -> stack.sendApi().pending() >= 1);
            stack.gateway().kill();
            stack.sendApi().dropHeld();
        } finally {
            stack.sendApi().hold(0);
        }
        stack.gateway().start();
        Poll.until(Duration.ofSeconds(90), "the fan got the welcome and the question once the gateway was back",
                () -> stack.sendApi().to(psid).size() >= 1);
        Poll.settled(Duration.ofSeconds(2), Duration.ofSeconds(20), () -> stack.sendApi().count());
        assertThat(stack.sendApi().to(psid).stream().map(m -> m.text()).toList())
                .containsExactlyInAnyOrder(QuizScenario.FIRST_TURN);
    }

    private static void assertNoFanMessageDeadLettered() {
        List<EventLog.Event> dlq = EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq");
        assertThat(dlq.stream().map(e -> e.type() + " " + e.id() + ": " + e.header("crowdsurf_reason")).toList())
                .as("dead letters").isEmpty();
    }

    private static int finished(QuizScenario quiz) {
        int n = 0;
        for (int i = 0; i < quiz.fans(); i++) {
            if (stack.sendApi().to(quiz.psid(i)).stream().map(m -> m.text())
                    .anyMatch(t -> t != null && (t.startsWith("TICKET ") || t.endsWith("LOST")))) {
                n++;
            }
        }
        return n;
    }

    private static CompletableFuture<Void> inBackground(Runnable fault) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                fault.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }
}
