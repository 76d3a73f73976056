package io.crowdsurf.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.QuizScenario;
import io.crowdsurf.drills.harness.Stack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 4: a duplicate storm. Every webhook of every fan is delivered three times at once (as Meta does
 * when acks are slow), and afterwards every one of them is replayed once more. The outcome must be that of
 * a single delivery: each fan gets each reply once at the Send API, one ticket per winner, stats agree.
 */
class DuplicateStormDrillTest {

    private static final int FANS = 30;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("duplicate-storm").start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyWebhookThreeTimesGivesTheOutcomeOfOnce() {
        QuizScenario quiz = new QuizScenario(stack, "dup-storm", FANS, FANS).create();
        QuizScenario.Delivery thrice = (messenger, body) -> {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Http.Reply>> replies = new ArrayList<>();
                for (int copy = 0; copy < 3; copy++) {
                    replies.add(pool.submit(() -> messenger.post(body)));
                }
                for (Future<Http.Reply> r : replies) {
                    assertThat(r.get().status()).as("each copy acknowledged").isEqualTo(200);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        quiz.play(thrice, Duration.ofSeconds(90), finished -> { });
        // Late replays of the whole conversation, after it is over.
        for (byte[] body : quiz.allBodies()) {
            assertThat(quiz.messenger().post(body).status()).as("late replay acknowledged").isEqualTo(200);
        }
        quiz.assertExactlyOnce();
    }
}
