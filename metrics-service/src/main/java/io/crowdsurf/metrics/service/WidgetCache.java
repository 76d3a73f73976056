package io.crowdsurf.metrics.service;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
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
import io.crowdsurf.metrics.domain.ArtistEvents;
import io.crowdsurf.metrics.persistence.ArtistEventsRepository;

/**
 * The widget's in-process cache: per artist the current page and at most one database read in flight (single
 * flight), with stale-while-revalidate. Ages count from the moment a read <em>started</em> (or a PUT on this
 * replica stored the list), so a page reflects every write made before it was stamped.
 * <ul>
 * <li>younger than {@code ttl} (10 s): served, no read;</li>
 * <li>between {@code ttl} and {@code ttl + stale} (10–12 s): still served at once, and the first such request starts
 * the one background read that replaces it — a hot artist's requests never wait for MongoDB;</li>
 * <li>missing or older than {@code ttl + stale}: not served; the request waits for the read in flight (starting it
 * if there is none), however many requests miss at once.</li>
 * </ul>
 * A read starts only when the page is at least {@code ttl} old and none is in flight, and every read's page is
 * stamped with its start, so reads of one artist start at least {@code ttl} apart: at most one per artist per
 * period. A PUT on this replica writes its rendered page straight in ({@link #stored}, no read); a read that
 * started before it never overwrites it (pages are ordered by stamp). A failed read keeps the old page (served
 * until its hard limit) or, without one, leaves nothing: the next request tries again.
 */
@ApplicationScoped
public class WidgetCache {

    private static final Logger LOG = Logger.getLogger(WidgetCache.class);

    private final Function<String, WidgetPage> loader;
    /** Renders a PUT's list for {@link #stored(ArtistEvents)}; null in unit tests, which store pages directly. */
    private final WidgetRenderer renderer;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final long hardNanos;
    private final int maxArtists;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * What the cache holds for one artist; replaced, never changed.
     *
     * @param page    the newest page, or null before the first read completed
     * @param served  {@code page} as a completed stage, built once so that a hit allocates nothing
     * @param reading the read in flight, or null
     */
    private record Entry(WidgetPage page, CompletableFuture<WidgetPage> served, CompletableFuture<WidgetPage> reading) {

        static Entry of(WidgetPage page, CompletableFuture<WidgetPage> reading) {
            return new Entry(page, page == null ? null : CompletableFuture.completedFuture(page), reading);
        }

        Entry withPage(WidgetPage newer, CompletableFuture<WidgetPage> reading) {
            return page != null && newer.loadedAt() - page.loadedAt() < 0 ? new Entry(page, served, reading)
                    : of(newer, reading);
        }
    }

    @Inject
    public WidgetCache(ArtistEventsRepository repository, WidgetRenderer renderer, WidgetConfig config) {
        this(artist -> {
            long started = System.nanoTime();
            return renderer.render(artist, repository.find(artist), Instant.now(), started);
        }, renderer, Executors.newVirtualThreadPerTaskExecutor(), System::nanoTime, config.cacheTtl().toNanos(),
                config.cacheStale().toNanos(), config.cacheMaxArtists());
    }

    /** For tests: any loader (it stamps its page with the read's start), executor and clock. */
    WidgetCache(Function<String, WidgetPage> loader, Executor executor, LongSupplier nanoClock, long ttlNanos,
            long staleNanos, int maxArtists) {
        this(loader, null, executor, nanoClock, ttlNanos, staleNanos, maxArtists);
    }

    private WidgetCache(Function<String, WidgetPage> loader, WidgetRenderer renderer, Executor executor,
            LongSupplier nanoClock, long ttlNanos, long staleNanos, int maxArtists) {
        this.loader = loader;
        this.renderer = renderer;
        this.executor = executor;
        this.ownExecutor = executor instanceof ExecutorService s ? s : null;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttlNanos;
        this.hardNanos = ttlNanos + staleNanos;
        this.maxArtists = maxArtists;
    }

    /**
     * The page to answer with right now, or null when the request has to wait ({@link #page}). Never blocks and
     * allocates nothing on a hit; starts the background read when the page is due.
     */
    public WidgetPage servable(String artist) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(artist);
        if (e == null || e.page == null) {
            return null;
        }
        long age = now - e.page.loadedAt();
        if (age < ttlNanos) {
            return e.page;
        }
        if (age >= hardNanos) {
            return null;
        }
        if (e.reading == null) {
            refresh(artist, now);
        }
        return e.page;
    }

    /** The page for an artist: completed at once when servable, else after the (one) database read. */
    public CompletionStage<WidgetPage> page(String artist) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(artist);
        if (e != null && e.page != null) {
            long age = now - e.page.loadedAt();
            if (age < ttlNanos) {
                return e.served;
            }
            if (age < hardNanos) {
                if (e.reading == null) {
                    refresh(artist, now);
                }
                return e.served;
            }
        }
        return refresh(artist, now);
    }

    /**
     * A PUT on this replica stored {@code events} (call after the store returned): its page replaces the cached one
     * at once, without a read, so the next public answer here shows it.
     */
    public void stored(ArtistEvents events) {
        stored(events.artist(), renderer.render(events.artist(), Optional.of(events), Instant.now(),
                nanoClock.getAsLong()));
    }

    /** {@link #stored(ArtistEvents)} with the page already rendered and stamped. */
    void stored(String artist, WidgetPage page) {
        entries.compute(artist, (k, old) -> old == null ? Entry.of(page, null) : old.withPage(page, old.reading));
    }

    /** Seconds since the page was stamped, for the {@code Age} header (caches downstream expire it with ours). */
    public long ageSeconds(WidgetPage page) {
        return Math.max(0, (nanoClock.getAsLong() - page.loadedAt()) / 1_000_000_000L);
    }

    public long ttlSeconds() {
        return ttlNanos / 1_000_000_000L;
    }

    /** The oldest a served page can be, in whole seconds (rounded up). */
    public long hardLimitSeconds() {
        return (hardNanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Artists currently holding an entry (for tests and the size bound). */
    int size() {
        return entries.size();
    }

    /**
     * Starts the artist's read unless one is in flight or the page was replaced meanwhile; returns what a waiting
     * request should wait for.
     */
    private CompletionStage<WidgetPage> refresh(String artist, long now) {
        @SuppressWarnings("unchecked")
        CompletableFuture<WidgetPage>[] started = new CompletableFuture[1];
        Entry e = entries.compute(artist, (key, old) -> {
            if (old != null && (old.reading != null || old.page != null && now - old.page.loadedAt() < ttlNanos)) {
                return old;
            }
            started[0] = new CompletableFuture<>();
            return new Entry(old == null ? null : old.page, old == null ? null : old.served, started[0]);
        });
        if (started[0] != null) {
            if (entries.size() > maxArtists) {
                evictExpired(now);
            }
            CompletableFuture<WidgetPage> mine = started[0];
            try {
                executor.execute(() -> load(artist, mine));
            } catch (RuntimeException ex) {
                fail(artist, mine, ex);
            }
        }
        return e.page != null && now - e.page.loadedAt() < hardNanos ? e.served : e.reading;
    }

    private void load(String artist, CompletableFuture<WidgetPage> reading) {
        WidgetPage read;
        try {
            read = loader.apply(artist);
        } catch (RuntimeException ex) {
            fail(artist, reading, ex);
            return;
        }
        Entry e = entries.compute(artist, (k, old) -> {
            if (old == null) {
                return Entry.of(read, null);
            }
            return old.withPage(read, old.reading == reading ? null : old.reading);
        });
        // Waiters get the newest page: a PUT's, if one landed while this read was in flight.
        reading.complete(e.page);
    }

    private void fail(String artist, CompletableFuture<WidgetPage> reading, RuntimeException ex) {
        LOG.warnf("widget read for artist %s failed: %s", artist, ex.getMessage());
        entries.computeIfPresent(artist, (k, old) -> old.reading != reading ? old
                : old.page == null ? null : new Entry(old.page, old.served, null));
        reading.completeExceptionally(ex);
    }

    private void evictExpired(long now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Entry e = it.next().getValue();
            if (e.reading == null && (e.page == null || now - e.page.loadedAt() >= hardNanos)) {
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
