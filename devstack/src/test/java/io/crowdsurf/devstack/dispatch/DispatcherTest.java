package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.testsupport.HttpStub;
import io.crowdsurf.testsupport.HttpStub.Request;
import io.crowdsurf.testsupport.HttpStub.Response;

import static io.crowdsurf.devstack.dispatch.DispatcherHarness.delivery;
import static io.crowdsurf.devstack.dispatch.DispatcherHarness.event;
import static io.crowdsurf.devstack.dispatch.DispatcherHarness.header;
import static io.crowdsurf.devstack.dispatch.DispatcherHarness.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher against a real KRaft broker and HTTP subscribers, end to end. */
class DispatcherTest {

    private static final String REPLY_REQUESTED = "com.crowdsurf.chat.reply.requested";
    private static final String MESSAGE_RECEIVED = "com.crowdsurf.chat.message.received";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path manifests;

    private final HttpStub bot = new HttpStub();
    private DispatcherHarness harness;

    @BeforeEach
    void setUp() {
        harness = new DispatcherHarness(manifests, Map.of("bot-gateway", bot.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        bot.close();
        if (harness != null) {
            harness.close();
        }
    }

    private void routeReplies(String delivery) throws InterruptedException {
        harness.withManifest("t.yaml", trigger("bot--reply-" + System.nanoTime(), REPLY_REQUESTED, "bot-gateway",
                delivery)).start();
    }

    @Test
    void matchingEventReachesItsSubscriberInBinaryMode() throws InterruptedException {
        bot.respond("/", new Response(202, "", Map.of()));
        routeReplies(delivery(2, "exponential", "PT0.01S"));

        harness.send(event(REPLY_REQUESTED, "e-1", "conv-1"));

        Await.until("delivery", WAIT, () -> bot.requests().size() == 1);
        Request r = bot.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.header("ce-specversion")).isEqualTo("1.0");
        assertThat(r.header("ce-id")).isEqualTo("e-1");
        assertThat(r.header("ce-type")).isEqualTo(REPLY_REQUESTED);
        assertThat(r.header("ce-source")).isEqualTo("/crowdsurf/test");
        assertThat(r.header("ce-subject")).isEqualTo("subject-e-1");
        assertThat(r.header("ce-partitionkey")).isEqualTo("conv-1");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo("{\"id\":\"e-1\"}");
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void nonMatchingEventIsNotDelivered() throws InterruptedException {
        bot.respond("/", new Response(202, "", Map.of()));
        routeReplies(delivery(0, "linear", "PT0.01S"));

        // Same key, same partition: once the later matching event arrives, the earlier one was passed over.
        harness.send(event(MESSAGE_RECEIVED, "other", "conv-1"));
        harness.send(event(REPLY_REQUESTED, "sentinel", "conv-1"));

        Await.until("sentinel delivery", WAIT, () -> !bot.requests().isEmpty());
        assertThat(bot.requests()).extracting(q -> q.header("ce-id")).containsExactly("sentinel");
    }

    @Test
    void subscriberThatAlwaysFailsYieldsExactlyOneDeadLetterAfterItsRetries() throws InterruptedException {
        bot.respond("/", Response.json(503, "{\"error\":\"down\"}"));
        routeReplies(delivery(3, "linear", "PT0.01S"));

        harness.send(event(REPLY_REQUESTED, "doomed", "conv-2"));

        ConsumerRecord<String, byte[]> dead = Await.value("dead letter", WAIT,
                () -> harness.deadLetters().stream().findFirst().orElse(null));
        assertThat(bot.requests()).hasSize(4);
        assertThat(harness.deadLetters()).hasSize(1);
        assertThat(dead.key()).isEqualTo("conv-2");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"doomed\"}");
        assertThat(header(dead, "ce_id")).isEqualTo("doomed");
        assertThat(header(dead, "ce_type")).isEqualTo(REPLY_REQUESTED);
        assertThat(header(dead, DeadLetters.TRIGGER)).startsWith("bot--reply-");
        assertThat(header(dead, DeadLetters.ATTEMPTS)).isEqualTo("4");
        assertThat(header(dead, DeadLetters.ERROR_CODE)).isEqualTo("503");
        assertThat(header(dead, DeadLetters.ERROR_DEST)).isEqualTo(bot.baseUrl() + "/");
        assertThat(new String(Base64.getDecoder().decode(header(dead, DeadLetters.ERROR_DATA)),
                StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"down\"}");
        assertThat(header(dead, DeadLetters.REASON)).startsWith("HTTP 503");
    }

    @Test
    void clientErrorIsDeadLetteredWithoutRetries() throws InterruptedException {
        bot.respond("/", Response.json(400, "{\"error\":\"bad\"}"));
        routeReplies(delivery(5, "exponential", "PT0.01S"));

        harness.send(event(REPLY_REQUESTED, "malformed", "conv-3"));

        ConsumerRecord<String, byte[]> dead = Await.value("dead letter", WAIT,
                () -> harness.deadLetters().stream().findFirst().orElse(null));
        assertThat(bot.requests()).hasSize(1);
        assertThat(header(dead, DeadLetters.ERROR_CODE)).isEqualTo("400");
        assertThat(header(dead, DeadLetters.ATTEMPTS)).isEqualTo("1");
    }

    @Test
    void transientFailuresAreRetriedUntilDelivered() throws InterruptedException {
        bot.enqueue("/", Response.json(503, "{}"), Response.json(429, "{}"), Response.json(404, "{}"));
        bot.respond("/", new Response(202, "", Map.of()));
        routeReplies(delivery(3, "exponential", "PT0.005S"));

        harness.send(event(REPLY_REQUESTED, "flaky", "conv-4"));

        Await.until("fourth attempt", WAIT, () -> bot.requests().size() == 4);
        harness.send(event(REPLY_REQUESTED, "after", "conv-4"));
        Await.until("next event", WAIT, () -> bot.requests().size() == 5);
        assertThat(bot.requests()).extracting(q -> q.header("ce-id"))
                .containsExactly("flaky", "flaky", "flaky", "flaky", "after");
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void replyEventLandsBackOnTheTopic() throws InterruptedException {
        bot.respond("/", new Response(200, "{\"delivered\":true}", Map.of(
                "ce-specversion", "1.0",
                "ce-id", "reply-1",
                "ce-type", "com.crowdsurf.chat.reply.delivered",
                "ce-source", "/crowdsurf/bot-gateway",
                "ce-partitionkey", "conv-5",
                "Content-Type", "application/json")));
        routeReplies(delivery(0, "linear", "PT0.01S"));

        harness.send(event(REPLY_REQUESTED, "asks-for-reply", "conv-5"));

        ConsumerRecord<String, byte[]> reply = Await.value("reply on the topic", WAIT,
                () -> harness.events().stream().filter(r -> "reply-1".equals(header(r, "ce_id"))).findFirst()
                        .orElse(null));
        assertThat(header(reply, "ce_type")).isEqualTo("com.crowdsurf.chat.reply.delivered");
        assertThat(header(reply, "ce_source")).isEqualTo("/crowdsurf/bot-gateway");
        assertThat(header(reply, "content-type")).isEqualTo("application/json");
        assertThat(reply.key()).isEqualTo("conv-5");
        assertThat(new String(reply.value(), StandardCharsets.UTF_8)).isEqualTo("{\"delivered\":true}");
        assertThat(bot.requests()).hasSize(1);
    }

    @Test
    void recordThatIsNotACloudEventIsDeadLetteredOnceAndDoesNotStopDelivery() throws InterruptedException {
        bot.respond("/", new Response(202, "", Map.of()));
        harness.withManifest("a.yaml", trigger("bot--a-" + System.nanoTime(), REPLY_REQUESTED, "bot-gateway",
                        delivery(0, "linear", "PT0.01S")))
                .withManifest("b.yaml", trigger("bot--b-" + System.nanoTime(), MESSAGE_RECEIVED, "bot-gateway",
                        delivery(0, "linear", "PT0.01S")))
                .start();

        harness.send(new ProducerRecord<>(harness.topic, 0, "k", "not an event".getBytes(StandardCharsets.UTF_8)));
        harness.send(event(REPLY_REQUESTED, "fine", "k"));

        ConsumerRecord<String, byte[]> dead = Await.value("dead letter", WAIT,
                () -> harness.deadLetters().stream().findFirst().orElse(null));
        Await.until("valid event delivered", WAIT, () -> bot.requests().size() == 1);
        assertThat(header(dead, DeadLetters.REASON)).startsWith("not a CloudEvent");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
        // Two Triggers saw it; it is dead-lettered once, not once per Trigger.
        assertThat(harness.deadLetters()).hasSize(1);
    }

    @Test
    void failingEventDoesNotHoldUpOtherPartitions() throws IOException, InterruptedException {
        // Fails whatever has subject "subject-poison" and accepts the rest.
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer picky = HttpServer.create(new InetSocketAddress("localhost", 0), 16);
        picky.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String subject = exchange.getRequestHeaders().getFirst("ce-subject");
            received.add(exchange.getRequestHeaders().getFirst("ce-id"));
            exchange.sendResponseHeaders("subject-poison".equals(subject) ? 503 : 202, -1);
            exchange.close();
        });
        picky.start();
        try (DispatcherHarness own = new DispatcherHarness(manifests,
                Map.of("picky", "http://localhost:" + picky.getAddress().getPort()))) {
            // Retries wait 10 s, 20 s, 40 s: the poison event stays in flight for the whole test.
            own.withManifest("t.yaml", trigger("picky-" + System.nanoTime(), REPLY_REQUESTED, "picky",
                    delivery(3, "exponential", "PT5S"))).start();

            own.send(KafkaCodecRecords.onPartition(own.topic, 0, event(REPLY_REQUESTED, "poison", "a")));
            Await.until("first poison attempt", WAIT, () -> received.contains("poison"));
            own.send(KafkaCodecRecords.onPartition(own.topic, 1, event(REPLY_REQUESTED, "healthy", "b")));

            Await.until("healthy event on the other partition", Duration.ofSeconds(5),
                    () -> received.contains("healthy"));
            assertThat(received).containsExactly("poison", "healthy");
            assertThat(own.deadLetters()).isEmpty();
        } finally {
            picky.stop(0);
        }
    }

    @Test
    void unfinishedEventIsDeliveredAgainAfterARestart() throws InterruptedException {
        bot.respond("/", Response.json(503, "{}"));
        // Long waits between retries: the dispatcher is stopped while the event is still unfinished.
        routeReplies(delivery(5, "linear", "PT10S"));

        harness.send(event(REPLY_REQUESTED, "survivor", "conv-6"));
        Await.until("first attempt", WAIT, () -> bot.requests().size() == 1);
        harness.stop();

        bot.reset();
        bot.respond("/", new Response(202, "", Map.of()));
        harness.start();
        Await.until("redelivery after restart", WAIT, () -> bot.requests().size() == 1);
        assertThat(bot.requests().get(0).header("ce-id")).isEqualTo("survivor");
        assertThat(harness.deadLetters()).isEmpty();
    }
}
