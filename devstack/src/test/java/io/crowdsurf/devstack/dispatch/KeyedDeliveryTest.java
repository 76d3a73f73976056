package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.testsupport.TestKafka;

import static io.crowdsurf.devstack.dispatch.DispatcherHarness.delivery;
import static io.crowdsurf.devstack.dispatch.DispatcherHarness.event;
import static io.crowdsurf.devstack.dispatch.DispatcherHarness.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency across record keys within one partition, strict order per key, the in-flight bound and the
 * commit point, against the real broker. Every record goes to partition 0 explicitly, so all the concurrency
 * seen here is within a single partition.
 */
class KeyedDeliveryTest {

    private static final String TYPE = "com.crowdsurf.chat.reply.requested";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path manifests;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void slowSubscriberForOneKeyDoesNotDelayAnotherKey() throws InterruptedException {
        CountDownLatch releaseA = new CountDownLatch(1);
        Subscriber sub = subscriber(r -> {
            if (r.key().equals("A")) {
                await(releaseA);
            }
            return 202;
        });
        DispatcherHarness harness = harness(sub, delivery(0, "linear", "PT0.01S"),
                DispatcherConfig.DEFAULT_MAX_IN_FLIGHT);

        send(harness, "A1", "A");
        send(harness, "A2", "A");
        Await.until("A1 in flight", WAIT, () -> sub.arrived().contains("A1"));
        send(harness, "B1", "B");
        send(harness, "B2", "B");

        // Same partition, later offsets: B is delivered while A1 is still pending; A2 still waits behind A1.
        Await.until("B2 delivered", WAIT, () -> sub.answered().contains("B2"));
        assertThat(sub.arrived()).containsExactly("A1", "B1", "B2");
        assertThat(sub.answered()).containsExactly("B1", "B2");

        releaseA.countDown();
        Await.until("A2 delivered", WAIT, () -> sub.answered().contains("A2"));
        assertThat(sub.arrived()).containsExactly("A1", "B1", "B2", "A2");
        assertThat(sub.answered()).containsExactly("B1", "B2", "A1", "A2");
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void eachKeyIsDeliveredInOffsetOrderWhileKeysRunConcurrently() throws InterruptedException {
        int keys = 5;
        int perKey = 30;
        CountDownLatch allKeysInFlight = new CountDownLatch(keys);
        Set<String> firstSeen = ConcurrentHashMap.newKeySet();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        Subscriber sub = subscriber(r -> {
            if (firstSeen.add(r.key())) {
                // Each key's first delivery waits until every key has one in flight: proof of concurrency.
                allKeysInFlight.countDown();
                await(allKeysInFlight);
            }
            int n = Integer.parseInt(r.id().substring(r.id().indexOf('-') + 1));
            if (n % 7 == 3 && failedOnce.add(r.id())) {
                return 503;
            }
            sleepMillis(random);
            return 202;
        });
        DispatcherHarness harness = harness(sub, delivery(3, "linear", "PT0.001S"),
                DispatcherConfig.DEFAULT_MAX_IN_FLIGHT);

        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int n = 0; n < perKey; n++) {
            for (int k = 0; k < keys; k++) {
                String id = "k" + k + "-" + n;
                expected.computeIfAbsent("k" + k, x -> new ArrayList<>()).add(id);
                send(harness, id, "k" + k);
            }
        }

        Await.until("every event delivered", WAIT, () -> sub.answered().size() == keys * perKey);
        assertThat(allKeysInFlight.getCount()).isZero();
        assertThat(perKey(sub.answered())).isEqualTo(expected);
        // Retries of one event come right after its failed attempt: nothing of its key overtakes it.
        Map<String, List<String>> attempts = perKey(sub.arrived());
        expected.forEach((key, ids) -> assertThat(new ArrayList<>(new LinkedHashSet<>(attempts.get(key))))
                .isEqualTo(ids));
        assertThat(failedOnce).isNotEmpty();
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void inFlightDeliveriesAreBoundedPerTrigger() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Subscriber sub = subscriber(r -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            await(release);
            now.decrementAndGet();
            return 202;
        });
        DispatcherHarness harness = harness(sub, delivery(0, "linear", "PT0.01S"), 2);

        for (int k = 0; k < 6; k++) {
            send(harness, "e" + k, "key-" + k);
        }
        Await.until("two in flight", WAIT, () -> sub.arrived().size() == 2);
        Thread.sleep(300);
        assertThat(sub.arrived()).hasSize(2);

        release.countDown();
        Await.until("all delivered", WAIT, () -> sub.answered().size() == 6);
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void committedOffsetNeverPassesAnUnfinishedRecord() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean();
        Subscriber sub = subscriber(r -> r.key().equals("stuck") && !healthy.get() ? 503 : 202);
        String name = "keyed-" + System.nanoTime();
        DispatcherHarness harness = new DispatcherHarness(manifests, Map.of("sub", sub.baseUrl()));
        closing.add(harness);
        // Long waits between retries: "stuck" is still unfinished when the dispatcher stops.
        harness.withManifest("t.yaml", trigger(name, TYPE, "sub", delivery(5, "linear", "PT10S"))).start();
        String group = "crowdsurf-dispatcher." + name;
        TopicPartition p0 = new TopicPartition(harness.topic, 0);

        send(harness, "x0", "x");      // offset 0
        send(harness, "s1", "stuck");  // offset 1
        send(harness, "b2", "b");      // offset 2
        send(harness, "b3", "b");      // offset 3
        Await.until("b3 delivered while s1 waits for its retry", WAIT,
                () -> sub.answered().containsAll(List.of("x0", "b2", "b3")) && sub.arrived().contains("s1"));
        Await.until("x0 committed", WAIT, () -> committed(group, p0) == 1);
        harness.stop();
        // b2 and b3 finished, but the commit point stays at the unfinished s1.
        assertThat(committed(group, p0)).isEqualTo(1);
        assertThat(sub.answered()).doesNotContain("s1");

        healthy.set(true);
        sub.clear();
        harness.start();
        Await.until("s1 delivered after the restart", WAIT, () -> sub.answered().contains("s1"));
        Await.until("everything after it delivered again", WAIT,
                () -> sub.answered().containsAll(List.of("b2", "b3")));
        assertThat(sub.arrived()).doesNotContain("x0");
        Await.until("all committed", WAIT, () -> committed(group, p0) == 4);
        assertThat(harness.deadLetters()).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private DispatcherHarness harness(Subscriber sub, String delivery, int maxInFlight) throws InterruptedException {
        DispatcherHarness harness = new DispatcherHarness(manifests, Map.of("sub", sub.baseUrl()));
        closing.add(harness);
        harness.withMaxInFlight(maxInFlight)
                .withManifest("t.yaml", trigger("keyed-" + System.nanoTime(), TYPE, "sub", delivery))
                .start();
        return harness;
    }

    private static void send(DispatcherHarness harness, String id, String key) {
        harness.send(KafkaCodecRecords.onPartition(harness.topic, 0, event(TYPE, id, key)));
    }

    private static long committed(String group, TopicPartition tp) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(tp);
            return o == null ? -1 : o.offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ids grouped by their key ("k3-17" → "k3"), each group in the order given. */
    private static Map<String, List<String>> perKey(List<String> ids) {
        Map<String, List<String>> out = new HashMap<>();
        for (String id : ids) {
            out.computeIfAbsent(id.substring(0, id.indexOf('-')), x -> new ArrayList<>()).add(id);
        }
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMillis(Random random) {
        int ms;
        synchronized (random) {
            ms = random.nextInt(4);
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Subscriber subscriber(ToIntFunction<Delivery> status) {
        Subscriber sub = new Subscriber(status);
        closing.add(sub);
        return sub;
    }

    private record Delivery(String id, String key) {
    }

    /**
     * An HTTP subscriber that handles requests concurrently (one virtual thread each) and records, in order,
     * the ids that arrived (every attempt) and the ids it accepted with a 2xx.
     */
    private static final class Subscriber implements AutoCloseable {
        private final HttpServer server;
        private final List<String> arrived = new CopyOnWriteArrayList<>();
        private final List<String> answered = new CopyOnWriteArrayList<>();

        Subscriber(ToIntFunction<Delivery> status) {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 256);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> handle(exchange, status));
            server.start();
        }

        private void handle(HttpExchange exchange, ToIntFunction<Delivery> status) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            Delivery d = new Delivery(exchange.getRequestHeaders().getFirst("ce-id"),
                    exchange.getRequestHeaders().getFirst("ce-partitionkey"));
            arrived.add(d.id());
            int code;
            try {
                code = status.applyAsInt(d);
            } catch (RuntimeException | AssertionError e) {
                code = 500;
            }
            if (code / 100 == 2) {
                answered.add(d.id());
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        }

        String baseUrl() {
            return "http://localhost:" + server.getAddress().getPort();
        }

        List<String> arrived() {
            return List.copyOf(arrived);
        }

        List<String> answered() {
            return List.copyOf(answered);
        }

        void clear() {
            arrived.clear();
            answered.clear();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
