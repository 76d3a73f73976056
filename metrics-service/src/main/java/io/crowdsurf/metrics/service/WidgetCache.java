package io.crowdsurf.metrics.service;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.config.WidgetConfig;
import io.crowdsurf.metrics.persistence.ArtistEventsRepository;

/**
 * The widget's in-process cache with single flight: per artist, one slot holding a future page. The first request
 * that finds no slot, or an expired one, swaps in a new slot atomically ({@link ConcurrentHashMap#compute}) and is
 * the only one to read the database; every other request — however many miss at once — waits on that same future.
 * A slot expires {@code ttl} after its read completed, so MongoDB sees at most one read per artist per period.
 * A failed read empties the slot (the next request tries again) instead of caching the failure.
 */
@ApplicationScoped
public class WidgetCache {

    private static final Logger LOG = Logger.getLogger(WidgetCache.class);

    private final Function<String, WidgetPage> loader;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final int maxArtists;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final CompletableFuture<WidgetPage> page = new CompletableFuture<>();
    }

    @Inject
    public WidgetCache(ArtistEventsRepository repository, WidgetRenderer renderer, WidgetConfig config) {
        this(artist -> renderer.render(artist, repository.find(artist), Instant.now(), System.nanoTime()),
                Executors.newVirtualThreadPerTaskExecutor(), System::nanoTime, config.cacheTtl().toNanos(),
                config.cacheMaxArtists());
    }

    /** For tests: any loader, executor and clock. */
    WidgetCache(Function<String, WidgetPage> loader, Executor executor, LongSupplier nanoClock, long ttlNanos,
            int maxArtists) {
        this.loader = loader;
        this.executor = executor;
        this.ownExecutor = executor instanceof ExecutorService s ? s : null;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttlNanos;
        this.maxArtists = maxArtists;
    }

    /** The page for an artist: completed at once on a hit, after the (one) database read on a miss. */
    public CompletionStage<WidgetPage> page(String artist) {
        long now = nanoClock.getAsLong();
        // Hit path without a lock: compute() locks the map bin, and every request of a popular artist (thousands a
        // second on a sale day) queued on that one bin's lock on the event loop. A plain read suffices for a fresh
        // slot; only a miss or an expiry goes through compute(), which still lets exactly one request swap the slot.
        Slot fresh = slots.get(artist);
        if (fresh != null && !expired(fresh, now)) {
            return fresh.page;
        }
        Slot[] created = new Slot[1];
        Slot slot = slots.compute(artist, (key, old) -> {
            if (old != null && !expired(old, now)) {
                return old;
            }
            created[0] = new Slot();
            return created[0];
        });
        if (created[0] != null) {
            if (slots.size() > maxArtists) {
                evictExpired(now);
            }
            Slot mine = created[0];
            try {
                executor.execute(() -> load(artist, mine));
            } catch (RuntimeException e) {
                fail(artist, mine, e);
            }
        }
        return slot.page;
    }

    /** Seconds since the page was read, for the {@code Age} header (caches downstream expire it with ours). */
    public long ageSeconds(WidgetPage page) {
        return Math.max(0, (nanoClock.getAsLong() - page.loadedAt()) / 1_000_000_000L);
    }

    public long ttlSeconds() {
        return ttlNanos / 1_000_000_000L;
    }

    /** Artists currently holding a slot (for tests and the size bound). */
    int size() {
        return slots.size();
    }

    private boolean expired(Slot slot, long now) {
        if (!slot.page.isDone()) {
            return false;
        }
        WidgetPage page = slot.page.getNow(null);
        return page == null || now - page.loadedAt() >= ttlNanos;
    }

    private void load(String artist, Slot slot) {
        try {
            slot.page.complete(loader.apply(artist));
        } catch (RuntimeException e) {
            fail(artist, slot, e);
        }
    }

    private void fail(String artist, Slot slot, RuntimeException e) {
        LOG.warnf("widget read for artist %s failed: %s", artist, e.getMessage());
        slots.remove(artist, slot);
        slot.page.completeExceptionally(e);
    }

    private void evictExpired(long now) {
        for (Iterator<Map.Entry<String, Slot>> it = slots.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Slot> e = it.next();
            if (expired(e.getValue(), now)) {
                it.remove();
            }
        }
    }

    @PreDestroy
    void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }
}
