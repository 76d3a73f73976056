package io.crowdsurf.devstack.dispatch;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many HTTP attempts of one Trigger may be in flight at once: a first-come-first-served queue in front of
 * an {@link AimdLimit}. Keys get their turn in the order they asked for it, so a key is never overtaken by a
 * later one and never starves; one key's records stay in offset order because a key asks for its next slot only
 * after its previous record finished. With {@code min == max} it is a plain fixed limit.
 * <p>
 * A freed slot is handed to the head of the queue and only that waiter is woken: during a backlog hundreds of
 * keys wait here while the limit is at its floor, and waking all of them on every acquire and release (a
 * {@code notifyAll}) cost the dispatcher more CPU than the deliveries themselves.
 */
final class DeliverySlots {

    private final AimdLimit limit;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; in arrival order. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Guarded by {@link #lock}; includes slots granted to a waiter that has not woken yet. */
    private int inFlight;

    DeliverySlots(AimdLimit limit) {
        this.limit = limit;
    }

    /** Waits for the oldest-waiting turn and a free slot. */
    void acquire() throws InterruptedException {
        lock.lock();
        try {
            if (waiting.isEmpty() && inFlight < limit.limit()) {
                inFlight++;
                return;
            }
            Waiter me = new Waiter(lock.newCondition());
            waiting.addLast(me);
            try {
                while (!me.granted) {
                    me.turn.await();
                }
            } catch (InterruptedException e) {
                if (me.granted) {
                    // The slot was handed over as the interrupt came: pass it on rather than leak it.
                    inFlight--;
                    grant();
                } else {
                    waiting.remove(me);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back with what the attempt measured; the limit may change. */
    void release(long latencyNanos, boolean noResponse) {
        lock.lock();
        try {
            inFlight--;
            limit.onSample(latencyNanos, noResponse);
            grant();
        } finally {
            lock.unlock();
        }
    }

    /** Hands free slots to the waiters at the head of the queue, in order; called with {@link #lock} held. */
    private void grant() {
        while (inFlight < limit.limit() && !waiting.isEmpty()) {
            Waiter next = waiting.pollFirst();
            next.granted = true;
            inFlight++;
            next.turn.signal();
        }
    }

    int limit() {
        lock.lock();
        try {
            return limit.limit();
        } finally {
            lock.unlock();
        }
    }

    int min() {
        return limit.min();
    }

    int max() {
        return limit.max();
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** One key waiting for its turn; fields guarded by {@link #lock}. */
    private static final class Waiter {
        final Condition turn;
        boolean granted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }
}
