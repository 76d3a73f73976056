package io.crowdsurf.gateway.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.gateway.function.ReplyRequests;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class WebChatTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void pageIsSelfContained() {
        String html = given().get("/chat").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("EventSource"), containsString("/api/messages"))
                .extract().asString();
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void messageIsPublishedOnceAsWebchatChatMessageReceived() {
        String session = "s" + Webhooks.unique() + "abcdef";
        String body = "{\"sessionId\":\"" + session + "\",\"text\":\"  hello bot  \",\"clientMessageId\":\"c0000001\"}";
        given().contentType("application/json").queryParam("site", "dj-bash").body(body)
                .post("/chat/api/messages").then().statusCode(202)
                .body("conversationId", equalTo("webchat:dj-bash:" + session))
                .body("messageId", equalTo(session + ":c0000001"));
        // The page retries with the same client id after a network error: still one event.
        given().contentType("application/json").queryParam("site", "dj-bash").body(body)
                .post("/chat/api/messages").then().statusCode(202);

        var events = Events.withId("webchat:" + session + ":c0000001");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getSource()).hasToString("/crowdsurf/bot-gateway/webchat");
        ChatMessageReceived m = CrowdsurfEvents.data(events.get(0), ChatMessageReceived.class);
        assertThat(m.platform()).isEqualTo(Platform.WEBCHAT);
        assertThat(m.botId()).isEqualTo("dj-bash");
        assertThat(m.userId()).isEqualTo(session);
        assertThat(m.conversationId()).isEqualTo("webchat:dj-bash:" + session);
        assertThat(m.text()).isEqualTo("hello bot");
    }

    @Test
    void choiceTapIsPublishedAsChoice() {
        String session = "s" + Webhooks.unique() + "abcdef";
        String messageId = given().contentType("application/json")
                .body("{\"sessionId\":\"" + session + "\",\"text\":\"Amsterdam\",\"choice\":\"POOL_AMS\"}")
                .post("/chat/api/messages").then().statusCode(202).extract().path("messageId");
        ChatMessageReceived m = CrowdsurfEvents.data(Events.withId("webchat:" + messageId).get(0),
                ChatMessageReceived.class);
        assertThat(m.choice()).isEqualTo("POOL_AMS");
        assertThat(m.conversationId()).isEqualTo("webchat:default:" + session);
    }

    @Test
    void replyRequestedForTheSessionIsPushedOverSseAndReplayedOnReconnect() throws Exception {
        String session = "s" + Webhooks.unique() + "abcdef";
        String conversation = "webchat:default:" + session;
        try (SseStream stream = SseStream.open(base.resolve("/chat/api/stream?session=" + session))) {
            stream.awaitLine(l -> l.startsWith(":"));
            ChatReplyRequested reply = new ChatReplyRequested("rw-" + session, Platform.WEBCHAT, "default", session,
                    conversation, "Which city?", List.of(new Choice("Amsterdam", "POOL_AMS"),
                            new Choice("New York", "POOL_NYC")), null, null, null);
            deliverReply(reply);

            JsonNode pushed = EventJson.MAPPER.readTree(stream.awaitLine(l -> l.startsWith("data:")).substring(5));
            assertThat(pushed.path("replyId").asText()).isEqualTo("rw-" + session);
            assertThat(pushed.path("text").asText()).isEqualTo("Which city?");
            assertThat(pushed.at("/choices/1/payload").asText()).isEqualTo("POOL_NYC");

            ChatReplyDelivered delivered = CrowdsurfEvents.data(Events.withId("rw-" + session + ":delivered").get(0),
                    ChatReplyDelivered.class);
            assertThat(delivered.platform()).isEqualTo(Platform.WEBCHAT);
            assertThat(delivered.platformMessageId()).isEqualTo("webchat:" + pushed.path("seq").asLong());

            // A reloaded page that has seen nothing gets the history; one that saw this reply gets nothing again.
            try (SseStream fresh = SseStream.open(base.resolve("/chat/api/stream?session=" + session))) {
                assertThat(fresh.awaitLine(l -> l.startsWith("data:"))).contains("rw-" + session);
            }
            try (SseStream seen = SseStream.open(base.resolve("/chat/api/stream?session=" + session + "&after="
                    + pushed.path("seq").asLong()))) {
                seen.awaitLine(l -> l.startsWith(":"));
                assertThat(seen.poll(Duration.ofMillis(300))).isNull();
            }
        }
    }

    @Test
    void invalidRequestsAre400AndPublishNothing() {
        given().contentType("application/json").body("{\"sessionId\":\"x\",\"text\":\"hi\"}")
                .post("/chat/api/messages").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("sessionId"));
        given().contentType("application/json").body("{\"sessionId\":\"abcdefgh12\"}")
                .post("/chat/api/messages").then().statusCode(400).body("field", equalTo("text"));
        given().contentType("application/json").body("{\"sessionId\":\"abcdefgh12\",\"text\":\"" + "x".repeat(2001) + "\"}")
                .post("/chat/api/messages").then().statusCode(400).body("field", equalTo("text"));
        given().contentType("application/json").body("{\"sessionId\":")
                .post("/chat/api/messages").then().statusCode(400);
        given().contentType("application/json").queryParam("site", "../etc").body("{\"sessionId\":\"abcdefgh12\",\"text\":\"hi\"}")
                .post("/chat/api/messages").then().statusCode(400).body("field", equalTo("site"));
        given().get("/chat/api/stream?session=bad").then().statusCode(400)
                .body(not(containsString("Exception")));
        assertThat(Events.matching(e -> e.getSubject() != null && e.getSubject().endsWith(":abcdefgh12"))).isEmpty();
    }

    private static void deliverReply(ChatReplyRequested reply) {
        ReplyRequests.deliver(reply, "e-" + reply.replyId()).then().statusCode(204);
    }

    /** A Server-Sent Events client reading lines in the background. */
    static final class SseStream implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Stream<String> body;

        private SseStream(Stream<String> body) {
            this.body = body;
            Thread.ofVirtual().start(() -> {
                try {
                    body.forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        static SseStream open(URI uri) throws Exception {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            return new SseStream(response.body());
        }

        String awaitLine(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && wanted.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("no matching SSE line within 15 s");
        }

        /** The next data line within {@code wait}, or null. */
        String poll(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(50, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("data:")) {
                    return line;
                }
            }
            return null;
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
