package io.crowdsurf.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
            // Both doors: the event-loop hit path and the waiting one.
            if (i++ % 2 == 0) {
                cache.servable("a");
            } else {
                cache.page("a");
            }
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
