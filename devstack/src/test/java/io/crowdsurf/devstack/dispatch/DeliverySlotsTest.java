package io.crowdsurf.devstack.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue in front of the adaptive limit: first come, first served, and never more in flight than the limit. */
class DeliverySlotsTest {

    private static final long MS = 1_000_000L;

    @Test
    void slowAnswersLowerTheLimitAndANewAttemptWaitsForIt() throws Exception {
        DeliverySlots slots = new DeliverySlots(AimdLimit.between(1, 2));
        slots.acquire();
        slots.acquire();
        // A fast answer sets the baseline, a slow one halves the limit to 1.
        slots.release(5 * MS, false);
        slots.release(900 * MS, false);
        assertThat(slots.limit()).isEqualTo(1);
        slots.acquire();

        Thread second = Thread.ofVirtual().start(() -> {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitWaiting(second);
        assertThat(slots.inFlight()).as("one in flight, the limit").isEqualTo(1);
        slots.release(5 * MS, false);
        second.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(second.isAlive()).isFalse();
        assertThat(slots.inFlight()).isEqualTo(1);
    }

    @Test
    void waitersGetTheirTurnInTheOrderTheyAsked() throws Exception {
        DeliverySlots slots = new DeliverySlots(AimdLimit.between(1, 1));
        slots.acquire();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    slots.acquire();
                    order.add(n);
                    slots.release(5 * MS, false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters.add(t);
            // Each waiter is queued before the next one starts, so the arrival order is known.
            awaitWaiting(t);
        }
        assertThat(order).as("nobody passes while the one slot is taken").isEmpty();
        slots.release(5 * MS, false);
        for (Thread t : waiters) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(slots.inFlight()).isZero();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueWithoutBlockingTheNext() throws Exception {
        DeliverySlots slots = new DeliverySlots(AimdLimit.between(1, 1));
        slots.acquire();
        Thread quitter = Thread.ofVirtual().start(() -> {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                // expected
            }
        });
        awaitWaiting(quitter);
        quitter.interrupt();
        quitter.join(TimeUnit.SECONDS.toMillis(10));
        slots.release(5 * MS, false);
        slots.acquire();
        assertThat(slots.inFlight()).isEqualTo(1);
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(t.getState()).as("queued").isEqualTo(Thread.State.WAITING);
    }
}
