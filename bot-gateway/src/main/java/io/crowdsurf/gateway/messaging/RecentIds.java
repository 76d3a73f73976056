package io.crowdsurf.gateway.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded set of recently seen ids, oldest forgotten first. Lock-free on the hot path: a lookup is
 * one hash probe. It only spares Kafka a second copy of a retried webhook; correctness does not depend
 * on it (ids are deterministic and consumers are idempotent), so losing it on restart is fine.
 */
public final class RecentIds {

    private final int capacity;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    public void add(String id) {
        if (ids.add(id)) {
            order.add(id);
            if (size.incrementAndGet() > capacity) {
                String oldest = order.poll();
                if (oldest != null) {
                    ids.remove(oldest);
                    size.decrementAndGet();
                }
            }
        }
    }

    public int size() {
        return size.get();
    }
}
