package io.crowdsurf.drills;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.EventLog;
import io.crowdsurf.drills.harness.Stack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client floods the web chat (1,000 messages over 20 sessions, 16 at a time, from 127.0.0.2) while another
 * fan (127.0.0.3) chats at a human pace. The flood is cut down to its limits with 429 + Retry-After; the other
 * fan is never refused and each of its messages is acknowledged within {@link #OTHER_FAN_ACK_BOUND_MS}; every
 * message answered 202 is in Kafka exactly once and no refused one is. Both clients connect from their own
 * loopback address (all of 127/8 is loopback on Linux), which is what the per-client limit keys on.
 */
class WebChatFloodDrillTest {

    private static final int FLOOD_SESSIONS = 20;
    private static final int FLOOD_PER_SESSION = 50;
    private static final int OTHER_MESSAGES = 8;
    /** The other fan's ack bound: generous for a loaded 2-core CI machine, far below a queue behind 1,000 messages. */
    private static final long OTHER_FAN_ACK_BOUND_MS = 2_000;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("webchat-flood").withoutQuiz().withoutDispatcher().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFloodingClientIsLimitedWithoutDelayingAnotherFanOrLosingAnythingAccepted() throws Exception {
        Map<String, Integer> status = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> otherAckMs = new ConcurrentLinkedQueue<>();
        Set<String> retryAfterSeen = ConcurrentHashMap.newKeySet();
        AtomicBoolean flooding = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(17)) {
            List<Future<?>> flood = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int worker = t;
                flood.add(pool.submit(() -> {
                    for (int i = worker; i < FLOOD_SESSIONS * FLOOD_PER_SESSION; i += 16) {
                        String session = "floodsession" + (i % FLOOD_SESSIONS);
                        String id = "flood" + String.format("%05d", i);
                        Reply r = post("127.0.0.2", session, id);
                        status.put(session + ":" + id, r.status);
                        if (r.status == 429) {
                            retryAfterSeen.add(String.valueOf(r.retryAfter));
                        }
                    }
                    return null;
                }));
            }
            Future<?> other = pool.submit(() -> {
                for (int i = 0; i < OTHER_MESSAGES && flooding.get(); i++) {
                    String id = "other" + String.format("%05d", i);
                    long t0 = System.nanoTime();
                    Reply r = post("127.0.0.3", "otherfansession", id);
                    otherAckMs.add((System.nanoTime() - t0) / 1_000_000);
                    status.put("otherfansession:" + id, r.status);
                    Thread.sleep(300);
                }
                return null;
            });
            for (Future<?> f : flood) {
                f.get();
            }
            flooding.set(false);
            other.get();
        }

        long floodAccepted = status.entrySet().stream().filter(e -> e.getKey().startsWith("flood") && e.getValue() == 202)
                .count();
        long floodRefused = status.entrySet().stream().filter(e -> e.getKey().startsWith("flood") && e.getValue() == 429)
                .count();
        assertThat(floodAccepted + floodRefused).as("every flood message got 202 or 429")
                .isEqualTo(FLOOD_SESSIONS * FLOOD_PER_SESSION);
        assertThat(floodRefused).as("the flood was limited").isPositive();
        assertThat(retryAfterSeen).as("Retry-After on every 429").doesNotContain("null").isNotEmpty();
        List<String> otherStatuses = status.entrySet().stream().filter(e -> e.getKey().startsWith("other"))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        assertThat(otherStatuses).as("the other fan's messages").isNotEmpty().allMatch(s -> s.endsWith("=202"));
        assertThat(otherAckMs).as("the other fan's ack times (ms) during the flood")
                .allMatch(ms -> ms <= OTHER_FAN_ACK_BOUND_MS);

        Set<String> accepted = new HashSet<>();
        status.forEach((k, v) -> {
            if (v == 202) {
                accepted.add(k);
            }
        });
        List<EventLog.Event> received = EventLog.ofType(
                EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events"), EventLog.MESSAGE_RECEIVED);
        Map<String, Long> perMessage = EventLog.countBy(received, e -> e.data().path("messageId").asText());
        for (String id : accepted) {
            assertThat(perMessage.get(id)).as("records of accepted %s", id).isEqualTo(1L);
        }
        assertThat(perMessage.keySet()).as("nothing refused reached Kafka").isEqualTo(accepted);
        System.out.printf("web chat flood: %d accepted, %d refused (429); other fan: %d messages, ack max %d ms%n",
                floodAccepted, floodRefused, otherAckMs.size(), otherAckMs.stream().mapToLong(Long::longValue).max().orElse(-1));
    }

    private record Reply(int status, String retryAfter) {
    }

    /** One HTTP/1.1 request on its own connection from {@code localAddress}. */
    private static Reply post(String localAddress, String session, String clientMessageId) throws IOException {
        byte[] body = ("{\"sessionId\":\"" + session + "\",\"text\":\"hi\",\"clientMessageId\":\"" + clientMessageId
                + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", stack.gateway().port()), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /chat/api/messages?site=flood HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(response.substring(9, 12));
            String retryAfter = null;
            for (String line : response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).split("\r\n")) {
                if (line.regionMatches(true, 0, "Retry-After:", 0, 12)) {
                    retryAfter = line.substring(12).trim();
                }
            }
            return new Reply(status, retryAfter);
        }
    }
}
