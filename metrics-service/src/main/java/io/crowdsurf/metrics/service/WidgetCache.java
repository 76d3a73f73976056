package io.crowdsurf.metrics.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * flight), refreshed <em>ahead</em>. Ages count from the moment a read <em>started</em> (or a PUT on this replica
 * stored the list), so a page reflects every write made before it was stamped.
 * <ul>
 * <li>younger than {@code ttl} (10 s): served, no read; the first such request marks the page <em>asked</em>;</li>
 * <li>when the page turns {@code ttl} old ({@link #refreshDue}, run every {@code refresh-tick}): if it is
 * <em>warm</em> — asked during its period, or the artist was asked less than {@code keep-warm} ago (from the first
 * request of its last asked period) — its one read starts in the background and the page is still served until the
 * read replaces it, so a request for an artist asked within the keep-warm time never waits for MongoDB; otherwise
 * the entry is dropped (eviction by idleness) and the artist's next request waits for one read, like an artist never
 * seen. Without the keep-warm (0) an asked page is refreshed once and that page, unasked, dropped: a lull of 20 s
 * between two bursts dropped every page, and the next burst found all its artists cold at once, each waiting for a
 * read queued behind the others';</li>
 * <li>a warm page between {@code ttl} and {@code ttl + stale} is served while its read is in flight (a request
 * that finds none in flight, because the timer is late, starts it: stale-while-revalidate as the fallback);</li>
 * <li>missing, past {@code ttl} and not warm, or older than {@code ttl + stale}: not served; the request waits for
 * the read in flight (starting it if there is none), however many requests miss at once.</li>
 * </ul>
 * A read starts only when the page is at least {@code ttl} old (or there is none) and no read is in flight, and its
 * page is stamped with the read's start, so reads of one artist start at least {@code ttl} apart: at most one per
 * artist per period, warm or not (the keep-warm adds reads only for artists nobody asks in a period, at most
 * ⌈keep-warm / ttl⌉ each after its traffic stops). Since the read of a warm page starts when it turns {@code ttl} old, a served page is at most
 * {@code ttl} + the timer's lag + that read's own latency old, and never older than {@code ttl + stale}. A PUT on
 * this replica writes its rendered page straight in ({@link #stored}, no read); a read that started before it never
 * overwrites it (pages are ordered by stamp). A failed read keeps the old page (served until its hard limit, then
 * dropped) or, without one, leaves nothing: the next request tries again. At most {@code max-artists} entries:
 * beyond that, entries past their period go first, then those with the oldest pages.
 */
@ApplicationScoped
public class WidgetCache {

    private static final Logger LOG = Logger.getLogger(WidgetCache.class);

    private final Function<String, WidgetPage> loader;
    /** Renders a PUT's list for {@link #stored(ArtistEvents)}; null in unit tests, which store pages directly. */
    private final WidgetRenderer renderer;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    /** Runs {@link #refreshDue} every refresh tick; null in unit tests, which call it on their own clock. */
    private final ScheduledExecutorService ticker;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final long hardNanos;
    /** How long after an artist's last asked page its pages are still refreshed ahead (0: only asked pages). */
    private final long keepWarmNanos;
    private final int maxArtists;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Pages by the time they are due (stamp + ttl; the hard limit for a drop). Guarded by itself. */
    private final PriorityQueue<Due> schedule = new PriorityQueue<>((a, b) -> Long.signum(a.at - b.at));

    /**
     * One page as served; {@code asked} is set once, by the first request while the page is younger than ttl (so a
     * hit writes nothing after that). The artist's keep-warm clock is carried from page to page: {@code askedBefore}
     * and {@code askedBeforeAt} are when the newest earlier page that was asked got its first request.
     */
    private static final class Current {
        final WidgetPage page;
        /** {@code page} as a completed stage, built once so that a hit allocates nothing. */
        final CompletableFuture<WidgetPage> served;
        final boolean askedBefore;
        final long askedBeforeAt;
        /** Written before {@code asked} (whose volatile write publishes it); racing first requests write alike. */
        long askedAt;
        volatile boolean asked;

        Current(WidgetPage page, Current previous) {
            this.page = page;
            this.served = CompletableFuture.completedFuture(page);
            if (previous == null) {
                this.askedBefore = false;
                this.askedBeforeAt = 0;
            } else if (previous.asked) {
                this.askedBefore = true;
                this.askedBeforeAt = previous.askedAt;
            } else {
                this.askedBefore = previous.askedBefore;
                this.askedBeforeAt = previous.askedBeforeAt;
            }
        }

        long stamp() {
            return page.loadedAt();
        }

        void ask(long now) {
            if (!asked) {
                askedAt = now;
                asked = true;
            }
        }

        /**
         * Whether the page is refreshed ahead when it turns ttl old: it was asked during its period, or an earlier
         * page of the artist was asked less than {@code keepWarm} ago.
         */
        boolean warm(long now, long keepWarm) {
            return asked || askedBefore && now - askedBeforeAt < keepWarm;
        }
    }

    /**
     * What the cache holds for one artist; replaced, never changed (but for its page's asked mark).
     *
     * @param current the newest page, or null before the first read completed
     * @param reading the read in flight, or null
     */
    private record Entry(Current current, CompletableFuture<WidgetPage> reading) {
    }

    /** Timer entry: at {@code at}, refresh (or, {@code drop}, forget) {@code artist} if {@code current} is still its page. */
    private record Due(long at, String artist, Current current, boolean drop) {
    }

    @Inject
    public WidgetCache(ArtistEventsRepository repository, WidgetRenderer renderer, WidgetConfig config) {
        this(artist -> {
            long started = System.nanoTime();
            return renderer.render(artist, repository.find(artist), Instant.now(), started);
        }, renderer, Executors.newVirtualThreadPerTaskExecutor(), System::nanoTime, config.cacheTtl().toNanos(),
                config.cacheStale().toNanos(), config.cacheKeepWarm().toNanos(), config.cacheMaxArtists(),
                config.cacheRefreshTick().toNanos());
    }

    /** For tests: any loader (it stamps its page with the read's start), executor and clock; no timer; no keep-warm. */
    WidgetCache(Function<String, WidgetPage> loader, Executor executor, LongSupplier nanoClock, long ttlNanos,
            long staleNanos, int maxArtists) {
        this(loader, executor, nanoClock, ttlNanos, staleNanos, 0, maxArtists);
    }

    /** For tests: as above with a keep-warm time. */
    WidgetCache(Function<String, WidgetPage> loader, Executor executor, LongSupplier nanoClock, long ttlNanos,
            long staleNanos, long keepWarmNanos, int maxArtists) {
        this(loader, null, executor, nanoClock, ttlNanos, staleNanos, keepWarmNanos, maxArtists, 0);
    }

    private WidgetCache(Function<String, WidgetPage> loader, WidgetRenderer renderer, Executor executor,
            LongSupplier nanoClock, long ttlNanos, long staleNanos, long keepWarmNanos, int maxArtists,
            long tickNanos) {
        this.loader = loader;
        this.renderer = renderer;
        this.executor = executor;
        this.ownExecutor = executor instanceof ExecutorService s ? s : null;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttlNanos;
        this.hardNanos = ttlNanos + staleNanos;
        this.keepWarmNanos = keepWarmNanos;
        this.maxArtists = maxArtists;
        if (tickNanos > 0) {
            // One small platform thread: a tick is a peek at the head of the schedule unless something is due.
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "widget-refresh-ahead");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        } else {
            this.ticker = null;
        }
    }

    /**
     * The page to answer with right now, or null when the request has to wait ({@link #page}). Never blocks and
     * allocates nothing on a hit; starts the read of a due page if the timer has not yet.
     */
    public WidgetPage servable(String artist) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(artist);
        if (e == null || e.current == null) {
            return null;
        }
        Current c = e.current;
        long age = now - c.stamp();
        if (age < ttlNanos) {
            if (!c.asked) {
                c.ask(now);
            }
            return c.page;
        }
        if (age >= hardNanos || !c.warm(now, keepWarmNanos)) {
            return null;
        }
        if (e.reading == null) {
            refresh(artist, now);
        }
        return c.page;
    }

    /** The page for an artist: completed at once when servable, else after the (one) database read. */
    public CompletionStage<WidgetPage> page(String artist) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(artist);
        if (e != null && e.current != null) {
            Current c = e.current;
            long age = now - c.stamp();
            if (age < ttlNanos) {
                if (!c.asked) {
                    c.ask(now);
                }
                return c.served;
            }
            if (age < hardNanos && c.warm(now, keepWarmNanos)) {
                if (e.reading == null) {
                    refresh(artist, now);
                }
                return c.served;
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
        Entry e = entries.compute(artist, (k, old) -> old == null ? new Entry(new Current(page, null), null)
                : newer(old, page, old.reading));
        scheduleIfCurrent(artist, e, page);
    }

    /**
     * Refresh ahead: starts the read of every asked page that is due and drops the unasked ones. Run by the timer
     * every refresh tick; tests call it with their own clock.
     */
    void refreshDue() {
        long now = nanoClock.getAsLong();
        while (true) {
            Due d;
            synchronized (schedule) {
                d = schedule.peek();
                if (d == null || d.at - now > 0) {
                    return;
                }
                schedule.poll();
            }
            Entry e = entries.get(d.artist);
            if (e == null || e.current != d.current) {
                continue; // replaced by a newer page (which has its own due time) or gone
            }
            if (!d.drop && d.current.warm(now, keepWarmNanos)) {
                refresh(d.artist, now);
            } else if (e.reading == null) {
                // Nobody asked within the keep-warm time (or a failed refresh's page at its hard limit): forget it.
                entries.remove(d.artist, e);
            }
        }
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

    private void tick() {
        try {
            refreshDue();
        } catch (RuntimeException ex) {
            // Never let one failure cancel the timer (a ScheduledExecutorService stops a task that throws).
            LOG.warnf(ex, "widget refresh-ahead tick failed");
        }
    }

    /**
     * Starts the artist's read unless one is in flight or the page was replaced meanwhile; returns what a waiting
     * request should wait for.
     */
    private CompletionStage<WidgetPage> refresh(String artist, long now) {
        @SuppressWarnings("unchecked")
        CompletableFuture<WidgetPage>[] started = new CompletableFuture[1];
        Entry e = entries.compute(artist, (key, old) -> {
            if (old != null && (old.reading != null || old.current != null && now - old.current.stamp() < ttlNanos)) {
                return old;
            }
            started[0] = new CompletableFuture<>();
            return new Entry(old == null ? null : old.current, started[0]);
        });
        if (started[0] != null) {
            if (entries.size() > maxArtists) {
                evict(now);
            }
            CompletableFuture<WidgetPage> mine = started[0];
            try {
                executor.execute(() -> load(artist, mine));
            } catch (RuntimeException ex) {
                fail(artist, mine, ex);
            }
        }
        Current c = e.current;
        if (c != null) {
            long age = now - c.stamp();
            if (age < ttlNanos || age < hardNanos && c.warm(now, keepWarmNanos)) {
                return c.served;
            }
        }
        // This request waits for the read and is answered with its page: that page has been asked for.
        return e.reading.thenApply(page -> {
            Entry latest = entries.get(artist);
            if (latest != null && latest.current != null && latest.current.page == page) {
                latest.current.ask(nanoClock.getAsLong());
            }
            return page;
        });
    }

    private void load(String artist, CompletableFuture<WidgetPage> reading) {
        WidgetPage read;
        try {
            read = loader.apply(artist);
        } catch (RuntimeException ex) {
            fail(artist, reading, ex);
            return;
        }
        Entry e = entries.compute(artist, (k, old) -> old == null ? new Entry(new Current(read, null), null)
                : newer(old, read, old.reading == reading ? null : old.reading));
        scheduleIfCurrent(artist, e, read);
        // Waiters get the newest page: a PUT's, if one landed while this read was in flight.
        reading.complete(e.current.page);
    }

    /**
     * {@code old} with {@code page} as its page unless its own page is newer (pages are ordered by stamp); the new
     * page inherits the artist's keep-warm clock from the one it replaces.
     */
    private static Entry newer(Entry old, WidgetPage page, CompletableFuture<WidgetPage> reading) {
        Current keep = old.current != null && page.loadedAt() - old.current.stamp() < 0 ? old.current
                : new Current(page, old.current);
        return new Entry(keep, reading);
    }

    private void scheduleIfCurrent(String artist, Entry e, WidgetPage page) {
        Current c = e.current;
        if (c != null && c.page == page) {
            enqueue(new Due(c.stamp() + ttlNanos, artist, c, false));
        }
    }

    private void enqueue(Due d) {
        synchronized (schedule) {
            schedule.add(d);
        }
    }

    private void fail(String artist, CompletableFuture<WidgetPage> reading, RuntimeException ex) {
        LOG.warnf("widget read for artist %s failed: %s", artist, ex.getMessage());
        Entry e = entries.computeIfPresent(artist, (k, old) -> old.reading != reading ? old
                : old.current == null ? null : new Entry(old.current, null));
        if (e != null && e.current != null && e.reading == null) {
            // Served until its hard limit (requests retry the read), then forgotten if nobody brought a new page.
            enqueue(new Due(e.current.stamp() + hardNanos, artist, e.current, true));
        }
        reading.completeExceptionally(ex);
    }

    /**
     * Over the size bound: first every entry past its period with no read in flight (its next read may start at
     * once anyway, so the read bound holds), then, if still over, the oldest pages down to 90 % of the bound.
     */
    private void evict(long now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Entry e = it.next().getValue();
            if (e.reading == null && (e.current == null || now - e.current.stamp() >= ttlNanos)) {
                it.remove();
            }
        }
        int target = maxArtists - maxArtists / 10;
        if (entries.size() <= target) {
            return;
        }
        List<Map.Entry<String, Entry>> idle = new ArrayList<>();
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            if (me.getValue().reading == null && me.getValue().current != null) {
                idle.add(me);
            }
        }
        idle.sort(Comparator.comparingLong(me -> me.getValue().current.stamp() - now));
        for (int i = 0; i < idle.size() && entries.size() > target; i++) {
            entries.remove(idle.get(i).getKey(), idle.get(i).getValue());
        }
    }

    @PreDestroy
    void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }
}
