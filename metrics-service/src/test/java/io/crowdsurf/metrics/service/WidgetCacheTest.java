package io.crowdsurf.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class WidgetCacheTest {

    static final long TTL = TimeUnit.SECONDS.toNanos(10);
    static final long STALE = TimeUnit.SECONDS.toNanos(2);

    @Test
    void concurrentMissesShareOneRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong clock = new AtomicLong(1_000);
        ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor();
        WidgetCache cache = new WidgetCache(artist -> {
            reads.incrementAndGet();
            await(release);
            return new WidgetPage(200, artist.getBytes(), "\"t\"", clock.get());
        }, loads, clock::get, TTL, STALE, 100);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(200);
        List<CompletableFuture<WidgetPage>> pages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pages.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                CompletableFuture<WidgetPage> page = cache.page("a").toCompletableFuture();
                asked.countDown();
                return page;
            }, callers).thenCompose(p -> p));
        }
        start.countDown();
        // All 200 have missed while the one read is still blocked: only then may it complete.
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pages).noneMatch(CompletableFuture::isDone);
        release.countDown();
        for (CompletableFuture<WidgetPage> p : pages) {
            assertThat(new String(p.get(10, TimeUnit.SECONDS).body())).isEqualTo("a");
        }
        assertThat(reads).hasValue(1);
        callers.shutdown();
        loads.shutdown();
    }

    @Test
    void oneReadPerPeriodAndArtist() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> {
            reads.incrementAndGet();
            return new WidgetPage(200, new byte[0], "\"" + reads.get() + "\"", clock.get());
        }, Runnable::run, clock::get, TTL, STALE, 100);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"1\"");
        clock.set(TTL - 1);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"1\"");
        assertThat(cache.ageSeconds(cache.page("a").toCompletableFuture().join())).isEqualTo(9);
        cache.page("b").toCompletableFuture().join();
        assertThat(reads).hasValue(2);
        clock.set(TTL);
        // Due: this request still gets the page it found; the one read it started replaces it for the next.
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"1\"");
        assertThat(reads).hasValue(3);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"3\"");
        clock.set(2 * TTL - 1);
        cache.page("a");
        assertThat(reads).hasValue(3);
    }

    @Test
    void aFailedReadIsNotCached() {
        AtomicInteger reads = new AtomicInteger();
        WidgetCache cache = new WidgetCache(artist -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("mongo away");
            }
            return new WidgetPage(200, new byte[0], "\"ok\"", 0);
        }, Runnable::run, () -> 0, TTL, STALE, 100);
        assertThat(cache.page("a").toCompletableFuture().isCompletedExceptionally()).isTrue();
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"ok\"");
        assertThat(reads).hasValue(2);
    }

    @Test
    void expiredArtistsAreDroppedBeyondTheBound() {
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> new WidgetPage(200, new byte[0], "\"x\"", clock.get()),
                Runnable::run, clock::get, TTL, STALE, 3);
        for (String a : List.of("a", "b", "c")) {
            cache.page(a);
        }
        clock.set(TTL + STALE);
        cache.page("d");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aDuePageIsServedWhileItsOneReadIsInFlightAndNotBeyondTheHardLimit() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong clock = new AtomicLong(0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch refreshStarted = new CountDownLatch(1);
        ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor();
        WidgetCache cache = new WidgetCache(artist -> {
            long started = clock.get();
            if (reads.incrementAndGet() > 1) {
                refreshStarted.countDown();
                await(release);
            }
            return new WidgetPage(200, new byte[0], "\"" + reads.get() + "\"", started);
        }, loads, clock::get, TTL, STALE, 100);
        assertThat(cache.page("a").toCompletableFuture().get(10, TimeUnit.SECONDS).etag()).isEqualTo("\"1\"");
        clock.set(TTL + 1);
        // Many requests while the refresh hangs: all answered at once with the old page, one read.
        for (int i = 0; i < 100; i++) {
            assertThat(cache.servable("a").etag()).isEqualTo("\"1\"");
            assertThat(cache.page("a").toCompletableFuture().getNow(null).etag()).isEqualTo("\"1\"");
        }
        // The one background read runs on its own thread: wait until it has started, then count.
        assertThat(refreshStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reads).hasValue(2);
        // Past the hard limit: nothing servable, requests wait for the read in flight (no second read).
        clock.set(TTL + STALE);
        assertThat(cache.servable("a")).isNull();
        CompletableFuture<WidgetPage> waiting = cache.page("a").toCompletableFuture();
        assertThat(waiting).isNotDone();
        assertThat(reads).hasValue(2);
        release.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).etag()).isEqualTo("\"2\"");
        assertThat(cache.servable("a").etag()).isEqualTo("\"2\"");
        assertThat(reads).hasValue(2);
        loads.shutdown();
    }

    @Test
    void readsOfOneArtistStartAtLeastOneTtlApartUnderConstantLoad() {
        List<Long> starts = new ArrayList<>();
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> {
            starts.add(clock.get());
            return new WidgetPage(200, new byte[0], "\"x\"", clock.get());
        }, Runnable::run, clock::get, TTL, STALE, 100);
        long step = TimeUnit.MILLISECONDS.toNanos(7);
        int i = 0;
        for (long t = 0; t < TimeUnit.SECONDS.toNanos(60); t += step) {
            clock.set(t);
            // Both doors: the event-loop hit path and the waiting one; and the refresh-ahead timer.
            if (i++ % 2 == 0) {
                cache.servable("a");
            } else {
                cache.page("a");
            }
            cache.refreshDue();
        }
        assertThat(starts).hasSizeBetween(5, 6);
        for (int k = 1; k < starts.size(); k++) {
            assertThat(starts.get(k) - starts.get(k - 1)).isGreaterThanOrEqualTo(TTL);
        }
    }

    @Test
    void aStoredPageIsServedAtOnceAndAnOlderReadDoesNotOverwriteIt() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch loadsDone = new CountDownLatch(2);
        CountDownLatch refreshStarted = new CountDownLatch(1);
        WidgetCache cache = new WidgetCache(artist -> {
            long started = clock.get();
            if (reads.incrementAndGet() > 1) {
                refreshStarted.countDown();
                await(release);
            }
            return new WidgetPage(200, new byte[0], "\"read" + reads.get() + "\"", started);
        }, task -> loads.execute(() -> {
            task.run();
            loadsDone.countDown();
        }), clock::get, TTL, STALE, 100);
        cache.page("a").toCompletableFuture().get(10, TimeUnit.SECONDS);
        clock.set(TTL);
        assertThat(cache.servable("a").etag()).isEqualTo("\"read1\"");
        // The refresh (started at TTL, before the PUT) is in flight when this replica's PUT lands.
        assertThat(refreshStarted.await(10, TimeUnit.SECONDS)).isTrue();
        clock.set(TTL + 5);
        cache.stored("a", new WidgetPage(200, new byte[0], "\"put\"", clock.get()));
        assertThat(cache.servable("a").etag()).isEqualTo("\"put\"");
        CompletableFuture<WidgetPage> late = cache.page("a").toCompletableFuture();
        release.countDown();
        assertThat(late.get(10, TimeUnit.SECONDS).etag()).isEqualTo("\"put\"");
        assertThat(loadsDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.servable("a").etag()).isEqualTo("\"put\"");
        assertThat(reads).hasValue(2);
        loads.shutdown();
    }

    @Test
    void aFailedRefreshKeepsServingTheOldPageUntilTheHardLimit() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("mongo away");
            }
            return new WidgetPage(200, new byte[0], "\"1\"", clock.get());
        }, Runnable::run, clock::get, TTL, STALE, 100);
        cache.page("a");
        clock.set(TTL);
        assertThat(cache.servable("a").etag()).isEqualTo("\"1\"");
        assertThat(reads).hasValue(2);
        clock.set(TTL + STALE);
        assertThat(cache.servable("a")).isNull();
        assertThat(cache.page("a").toCompletableFuture().isCompletedExceptionally()).isTrue();
    }

    @Test
    void anAskedPageIsRefreshedAheadWhenDueAndAnUnaskedOneLeaves() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> {
            reads.incrementAndGet();
            return new WidgetPage(200, new byte[0], "\"" + artist + reads.get() + "\"", clock.get());
        }, Runnable::run, clock::get, TTL, STALE, 100);
        cache.stored("asked", new WidgetPage(200, new byte[0], "\"asked0\"", 0));
        cache.stored("idle", new WidgetPage(200, new byte[0], "\"idle0\"", 0));
        clock.set(TTL / 2);
        assertThat(cache.servable("asked").etag()).isEqualTo("\"asked0\"");
        cache.refreshDue();
        assertThat(reads).hasValue(0);
        // Due: the asked page is read again without any request; the unasked one is dropped, without a read.
        clock.set(TTL);
        cache.refreshDue();
        assertThat(reads).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
        // Long after the old page's hard limit, the refreshed page (stamped TTL) is served at once: no request waited.
        clock.set(TTL + STALE + TTL / 2);
        assertThat(cache.servable("asked").etag()).isEqualTo("\"asked1\"");
        // The dropped artist is a miss: its request waits for one read.
        assertThat(cache.servable("idle")).isNull();
        assertThat(cache.page("idle").toCompletableFuture().join().etag()).isEqualTo("\"idle2\"");
        assertThat(reads).hasValue(2);
    }

    /**
     * The bench's lull (issue 11): 1,000 artists asked in a burst at 0-2 s, then no request until 25 s while the
     * timer ticks, then the next burst. Without a keep-warm each asked page was refreshed once (at 10-12 s), that
     * page turned 10 s old unasked and was dropped (20-22 s), so the second burst found all 1,000 artists cold at
     * once; with a 30 s keep-warm none waits, each artist was read at most once per 10 s meanwhile, and once nobody
     * asks any more the artists leave within the keep-warm time and the reads stop.
     */
    @Test
    void aLullShorterThanTheKeepWarmLeavesNoArtistColdAndReadsStayOnePerPeriod() {
        long keepWarm = TimeUnit.SECONDS.toNanos(30);
        long tick = TimeUnit.MILLISECONDS.toNanos(20);
        AtomicLong clock = new AtomicLong(0);
        Map<String, List<Long>> readStarts = new HashMap<>();
        WidgetCache cache = new WidgetCache(artist -> {
            readStarts.computeIfAbsent(artist, a -> new ArrayList<>()).add(clock.get());
            return new WidgetPage(200, new byte[0], "\"" + artist + "\"", clock.get());
        }, Runnable::run, clock::get, TTL, STALE, keepWarm, 10_000);
        WidgetCache withoutKeepWarm = new WidgetCache(artist -> new WidgetPage(200, new byte[0], "\"x\"", clock.get()),
                Runnable::run, clock::get, TTL, STALE, 10_000);
        int artists = 1000;
        // First burst: 0 .. 2 s, every artist asked (its first request waits for its read, as for any new artist).
        for (int k = 0; k < artists; k++) {
            clock.set(k * TimeUnit.MILLISECONDS.toNanos(2));
            cache.page("a" + k).toCompletableFuture().join();
            withoutKeepWarm.page("a" + k).toCompletableFuture().join();
        }
        // The lull: ticks until 25 s, no request.
        long lullEnd = TimeUnit.SECONDS.toNanos(25);
        for (long t = clock.get(); t <= lullEnd; t += tick) {
            clock.set(t);
            cache.refreshDue();
            withoutKeepWarm.refreshDue();
        }
        // Second burst: every artist is served at once (refreshed ahead at 10 s), none waits.
        int cold = 0;
        int coldWithout = 0;
        for (int k = 0; k < artists; k++) {
            cold += cache.servable("a" + k) == null ? 1 : 0;
            coldWithout += withoutKeepWarm.servable("a" + k) == null ? 1 : 0;
        }
        assertThat(coldWithout).isEqualTo(artists);
        assertThat(cold).isZero();
        // Silence from now on: kept warm for 30 s after the first request of the artist's last asked period
        // (the burst at 25 s, on pages stamped 20-22 s), then dropped. Ticks until 120 s.
        for (long t = lullEnd; t <= TimeUnit.SECONDS.toNanos(120); t += tick) {
            clock.set(t);
            cache.refreshDue();
        }
        assertThat(cache.size()).isZero();
        for (List<Long> starts : readStarts.values()) {
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(TTL);
            }
            // Read at 0-2 s, kept warm at 10-12 s and 20-22 s, then the asked page's refresh at 30-32 s and two more
            // kept warm at 40-42 and 50-52 s (less than 30 s after the 25 s burst); at 60-62 s the artist leaves.
            assertThat(starts).hasSize(6);
            assertThat(starts.get(starts.size() - 1)).isLessThan(lullEnd + keepWarm);
        }
    }

    /**
     * A kept-warm page nobody asked keeps the freshness guarantees of an asked one: served past ttl only while its
     * one read is in flight, never past the hard limit, and read again at most once per period.
     */
    @Test
    void aKeptWarmPageIsServedStaleOnlyWhileItsReadIsInFlightAndNeverPastTheHardLimit() {
        long keepWarm = TimeUnit.SECONDS.toNanos(30);
        AtomicLong clock = new AtomicLong(0);
        AtomicInteger reads = new AtomicInteger();
        List<Runnable> inFlight = new ArrayList<>();
        WidgetCache cache = new WidgetCache(artist -> {
            reads.incrementAndGet();
            return new WidgetPage(200, new byte[0], "\"" + reads.get() + "\"", clock.get());
        }, inFlight::add, clock::get, TTL, STALE, keepWarm, 100);
        cache.stored("a", new WidgetPage(200, new byte[0], "\"0\"", 0));
        clock.set(1);
        assertThat(cache.servable("a").etag()).isEqualTo("\"0\"");
        // Due at 10 s: refreshed ahead (asked); read 1 completes and stamps page 1 at 10 s.
        clock.set(TTL);
        cache.refreshDue();
        assertThat(inFlight).hasSize(1);
        inFlight.remove(0).run();
        // Page 1 is never asked. At 20 s it is due and still warm (the artist was asked at 1 ns): read 2 starts,
        // and while it is in flight the unasked page 1 is served, up to the hard limit and not beyond.
        clock.set(2 * TTL);
        cache.refreshDue();
        assertThat(inFlight).hasSize(1);
        assertThat(cache.servable("a").etag()).isEqualTo("\"1\"");
        clock.set(TTL + TTL + STALE - 1);
        assertThat(cache.servable("a").etag()).isEqualTo("\"1\"");
        clock.set(TTL + TTL + STALE);
        assertThat(cache.servable("a")).isNull();
        // The request that missed waits for the read in flight: no second read.
        CompletableFuture<WidgetPage> waiting = cache.page("a").toCompletableFuture();
        assertThat(inFlight).hasSize(1);
        assertThat(waiting).isNotDone();
        inFlight.remove(0).run();
        assertThat(reads).hasValue(2);
        assertThat(waiting.join().etag()).isEqualTo("\"2\"");
    }

    /**
     * A sale day in simulated time: 40 artists, artist k asked every 0.25 s … 9.61 s, reads that take 300 ms, the
     * timer ticking every 20 ms, and PUTs made on <em>another</em> replica (straight into the store). After each
     * artist's first read, no request waits; reads of one artist start at least 10 s apart; and every answer
     * reflects every PUT made more than ttl + tick + read latency before it.
     */
    @Test
    void onASaleDayNoRequestWaitsAfterTheFirstReadReadsStayBoundedAndPutsShowWithinTheBound() {
        long tick = TimeUnit.MILLISECONDS.toNanos(20);
        long latency = TimeUnit.MILLISECONDS.toNanos(300);
        long end = TimeUnit.SECONDS.toNanos(120);
        int artists = 40;
        AtomicLong clock = new AtomicLong(0);
        // The store: per artist, the times of its PUTs (another replica's), in order.
        List<List<Long>> puts = new ArrayList<>();
        Map<String, List<Long>> readStarts = new HashMap<>();
        for (int k = 0; k < artists; k++) {
            puts.add(new ArrayList<>());
            readStarts.put("a" + k, new ArrayList<>());
        }
        // Reads complete latency after they start: a queue of (due time, task) the simulation runs in order.
        TreeMap<Long, List<Runnable>> inFlight = new TreeMap<>();
        Function<String, WidgetPage> loader = artist -> {
            long started = clock.get();
            readStarts.get(artist).add(started);
            List<Long> mine = puts.get(Integer.parseInt(artist.substring(1)));
            // The page reflects the PUTs stored before the read started: its etag names how many.
            long seen = mine.stream().filter(t -> t < started).count();
            return new WidgetPage(200, new byte[0], "\"" + seen + "\"", started);
        };
        WidgetCache cache = new WidgetCache(loader, task -> inFlight.computeIfAbsent(clock.get() + latency,
                t -> new ArrayList<>()).add(task), clock::get, TTL, STALE, 1000);
        long[] interval = new long[artists];
        long[] next = new long[artists];
        for (int k = 0; k < artists; k++) {
            interval[k] = TimeUnit.MILLISECONDS.toNanos(250 + 240L * k);
            next[k] = k * 7_000_000L;
        }
        Random random = new Random(11);
        boolean[] warm = new boolean[artists];
        int waited = 0;
        long bound = TTL + tick + latency;
        for (long t = 0; t < end; t += TimeUnit.MILLISECONDS.toNanos(5)) {
            clock.set(t);
            // Reads whose latency is over complete now.
            while (!inFlight.isEmpty() && inFlight.firstKey() <= t) {
                inFlight.pollFirstEntry().getValue().forEach(Runnable::run);
            }
            if (t % tick == 0) {
                cache.refreshDue();
            }
            if (random.nextInt(400) == 0) {
                puts.get(random.nextInt(artists)).add(t);
            }
            for (int k = 0; k < artists; k++) {
                if (t < next[k]) {
                    continue;
                }
                next[k] += interval[k];
                String artist = "a" + k;
                WidgetPage page = cache.servable(artist);
                if (page == null) {
                    // Before its first page an artist waits (cold); after it, never.
                    if (warm[k]) {
                        waited++;
                    }
                    cache.page(artist);
                    continue;
                }
                warm[k] = true;
                long seen = Long.parseLong(page.etag().replace("\"", ""));
                long horizon = t - bound;
                long mustSee = puts.get(k).stream().filter(p -> p < horizon).count();
                assertThat(seen).as("artist %s at %d ms", artist, t / 1_000_000).isGreaterThanOrEqualTo(mustSee);
                assertThat(t - page.loadedAt()).isLessThan(bound);
            }
        }
        assertThat(warm).containsOnly(true);
        assertThat(waited).isZero();
        for (List<Long> starts : readStarts.values()) {
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(TTL);
            }
            // Refreshed every period, no more: 120 s → at most 12 reads (and at least 11 for a warm artist).
            assertThat(starts).hasSizeBetween(11, 12);
        }
    }

    @Test
    void twoHundredConcurrentColdRequestsWithTheTimerRunningReadOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong clock = new AtomicLong(0);
        ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor();
        WidgetCache cache = new WidgetCache(artist -> {
            reads.incrementAndGet();
            await(release);
            return new WidgetPage(200, new byte[0], "\"1\"", 0);
        }, loads, clock::get, TTL, STALE, 100);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        CountDownLatch asked = new CountDownLatch(200);
        List<CompletableFuture<WidgetPage>> pages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pages.add(CompletableFuture.supplyAsync(() -> {
                CompletableFuture<WidgetPage> page = cache.page("a").toCompletableFuture();
                cache.refreshDue();
                asked.countDown();
                return page;
            }, callers).thenCompose(p -> p));
        }
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        for (CompletableFuture<WidgetPage> p : pages) {
            assertThat(p.get(10, TimeUnit.SECONDS).etag()).isEqualTo("\"1\"");
        }
        // Until the page is due nothing more is read, whatever the timer and the requests do.
        clock.set(TTL - 1);
        cache.refreshDue();
        assertThat(cache.servable("a").etag()).isEqualTo("\"1\"");
        assertThat(reads).hasValue(1);
        callers.shutdown();
        loads.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
