package io.crowdsurf.devstack.dispatch;

import java.util.ArrayDeque;

/**
 * How many HTTP attempts of one Trigger may be in flight at once: a first-come-first-served queue in front of
 * an {@link AimdLimit}. Keys get their turn in the order they asked for it, so a key is never overtaken by a
 * later one and never starves; one key's records stay in offset order because a key asks for its next slot only
 * after its previous record finished. With {@code min == max} it is a plain fixed limit.
 */
final class DeliverySlots {

    private final AimdLimit limit;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private int inFlight;

    DeliverySlots(AimdLimit limit) {
        this.limit = limit;
    }

    /** Waits for the oldest-waiting turn and a free slot. */
    synchronized void acquire() throws InterruptedException {
        Object me = new Object();
        waiting.addLast(me);
        try {
            while (waiting.peekFirst() != me || inFlight >= limit.limit()) {
                wait();
            }
        } catch (InterruptedException e) {
            waiting.remove(me);
            notifyAll();
            throw e;
        }
        waiting.pollFirst();
        inFlight++;
        // The next in line may fit too.
        notifyAll();
    }

    /** Gives the slot back with what the attempt measured; the limit may change. */
    synchronized void release(long latencyNanos, boolean noResponse) {
        inFlight--;
        limit.onSample(latencyNanos, noResponse);
        notifyAll();
    }

    synchronized int limit() {
        return limit.limit();
    }

    int min() {
        return limit.min();
    }

    int max() {
        return limit.max();
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
