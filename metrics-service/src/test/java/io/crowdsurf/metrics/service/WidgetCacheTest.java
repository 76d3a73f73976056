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
        }, loads, clock::get, TTL, 100);
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
        }, Runnable::run, clock::get, TTL, 100);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"1\"");
        clock.set(TTL - 1);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"1\"");
        assertThat(cache.ageSeconds(cache.page("a").toCompletableFuture().join())).isEqualTo(9);
        cache.page("b").toCompletableFuture().join();
        assertThat(reads).hasValue(2);
        clock.set(TTL);
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"3\"");
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
        }, Runnable::run, () -> 0, TTL, 100);
        assertThat(cache.page("a").toCompletableFuture().isCompletedExceptionally()).isTrue();
        assertThat(cache.page("a").toCompletableFuture().join().etag()).isEqualTo("\"ok\"");
        assertThat(reads).hasValue(2);
    }

    @Test
    void expiredArtistsAreDroppedBeyondTheBound() {
        AtomicLong clock = new AtomicLong(0);
        WidgetCache cache = new WidgetCache(artist -> new WidgetPage(200, new byte[0], "\"x\"", clock.get()),
                Runnable::run, clock::get, TTL, 3);
        for (String a : List.of("a", "b", "c")) {
            cache.page(a);
        }
        clock.set(TTL);
        cache.page("d");
        assertThat(cache.size()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
