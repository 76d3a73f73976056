package io.crowdsurf.quiz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.quiz.domain.Reply;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Hostile input found by the bad-input sweep drill: empty, {@code null} and invalid UTF-8 bodies on the admin
 * API, and garbage POSTed to the CloudEvent endpoint {@code /}. Every one gets a 400 problem at once and
 * writes nothing. Raw sockets, so that the exact bytes (and a zero Content-Length) reach the server.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BAD_UTF8 = {(byte) 0xC3, (byte) 0x28};
    private static final byte[][] INVALID_SEQUENCES = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    record Reply(int status, String contentType, String body) {
    }

    // ---------------------------------------------------------------- admin API

    @Test
    void emptyBodyIsRefusedAtOnce() {
        String id = createDraft();
        for (String[] call : new String[][] {{"POST", "/api/v1/campaigns"}, {"PUT", "/api/v1/campaigns/" + id},
                {"POST", "/api/v1/campaigns/" + id + "/draws"}}) {
            Reply r = send(call[0], call[1], adminHeaders("application/json"), new byte[0]);
            assertThat(r.status()).as(call[0] + " " + call[1] + " " + r).isEqualTo(400);
            assertThat(r.contentType()).as(call[1]).startsWith("application/problem+json");
        }
    }

    @Test
    void nullBodyIsBodyRequired() {
        String id = createDraft();
        for (String[] call : new String[][] {{"POST", "/api/v1/campaigns"}, {"PUT", "/api/v1/campaigns/" + id},
                {"POST", "/api/v1/campaigns/" + id + "/draws"}}) {
            for (String body : new String[] {"null", " null \n"}) {
                Reply r = send(call[0], call[1], adminHeaders("application/json"), utf8(body));
                assertThat(r.status()).as(call[0] + " " + call[1] + " " + r).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.body()).contains("body required");
            }
        }
    }

    @Test
    void invalidUtf8IsRefusedAndNothingIsWritten() throws Exception {
        for (byte[] bad : INVALID_SEQUENCES) {
            String bot = newBot();
            Map<String, Object> c = campaign(bot, 0.5, Map.of("ams", 10));
            c.put("id", "utf-" + bot);
            byte[] body = splice(JSON.writeValueAsBytes(c), "DJ Birthday", bad);
            Reply r = send("POST", "/api/v1/campaigns", adminHeaders("application/json"), body);
            assertThat(r.status()).as("invalid UTF-8 %s: %s", hex(bad), r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            admin().get("/api/v1/campaigns/utf-" + bot).then().statusCode(404);
        }

        String id = createDraft();
        Map<String, Object> c = campaign(newBot(), 0.5, Map.of("ams", 10));
        c.put("name", "Renamed");
        Reply put = send("PUT", "/api/v1/campaigns/" + id, adminHeaders("application/json"),
                splice(JSON.writeValueAsBytes(c), "Renamed", BAD_UTF8));
        assertThat(put.status()).as(put.toString()).isEqualTo(400);
        admin().get("/api/v1/campaigns/" + id).then().statusCode(200).body("name", equalTo("DJ Birthday Bash"))
                .body("version", equalTo(1));

        Reply draw = send("POST", "/api/v1/campaigns/" + id + "/draws", adminHeaders("application/json"),
                splice(utf8("{\"count\":1,\"drawId\":\"d1\"}"), "d1", BAD_UTF8));
        assertThat(draw.status()).as(draw.toString()).isEqualTo(400);

        // Valid multi-byte UTF-8 still works.
        Map<String, Object> ok = campaign(newBot(), 0.5, Map.of("ams", 10));
        ok.put("name", "Ámsterdam 🎧 Bash");
        Reply created = send("POST", "/api/v1/campaigns", adminHeaders("application/json"), JSON.writeValueAsBytes(ok));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("name").asText()).isEqualTo("Ámsterdam 🎧 Bash");
    }

    @Test
    void badBodiesStillNeedTheTokenFirst() {
        Reply r = send("POST", "/api/v1/campaigns", Map.of("Content-Type", "application/json"), new byte[0]);
        assertThat(r.status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- CloudEvent endpoint

    @Test
    void cloudEventsMissingARequiredAttributeAreRefused() {
        for (String missing : new String[] {"ce-specversion", "ce-id", "ce-source", "ce-type"}) {
            Map<String, String> h = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json");
            h.remove(missing);
            assertProblem(send("POST", "/", h, validMessage()), "without " + missing);
            Map<String, String> blank = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json");
            blank.put(missing, "");
            assertProblem(send("POST", "/", blank, validMessage()), "blank " + missing);
        }
        Map<String, String> h = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json");
        h.put("ce-specversion", "7.0");
        assertProblem(send("POST", "/", h, validMessage()), "specversion 7.0");
        // No CloudEvent at all.
        assertProblem(send("POST", "/", Map.of("Content-Type", "application/json"), validMessage()), "plain POST");
    }

    @Test
    void cloudEventsOfATypeThisServiceDoesNotConsumeAreRefused() {
        for (String type : new String[] {EventType.CHAT_REPLY_REQUESTED.type(), EventType.QUIZ_TICKET_AWARDED.type(),
                "com.example.whatever", "chatMessageReceived"}) {
            assertProblem(send("POST", "/", ceHeaders(type, "application/json"), validMessage()), "type " + type);
        }
    }

    @Test
    void cloudEventsWithANonJsonContentTypeAreRefused() {
        for (String type : new String[] {"text/plain", "application/xml", "application/octet-stream",
                "application/x-www-form-urlencoded", "application/json; charset=utf-16",
                "application/json; charset=ebcdic", "*/*"}) {
            assertProblem(send("POST", "/", ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), type), validMessage()),
                    "content type " + type);
        }
        Map<String, String> none = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), null);
        assertProblem(send("POST", "/", none, validMessage()), "no content type");
    }

    @Test
    void cloudEventsWithGarbageDataAreRefusedAndNothingIsPublished() {
        String bot = newBot();
        ChatMessageReceived m = text(bot, "fan", "hi");
        byte[] valid = EventJson.write(m);
        java.util.List<byte[]> bodies = new java.util.ArrayList<>();
        bodies.add(new byte[0]);
        bodies.add(utf8("null"));
        bodies.add(utf8("{"));
        bodies.add(utf8("{\"a\":1}{\"b\":2}"));
        bodies.add(utf8("[]"));
        bodies.add(utf8("\"hi\""));
        bodies.add(java.util.Arrays.copyOf(valid, valid.length / 2));
        bodies.add(utf8("[".repeat(5000)));
        bodies.add(utf8("{\"a\":".repeat(5000)));
        bodies.add(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xFE});
        for (byte[] bad : INVALID_SEQUENCES) {
            bodies.add(splice(valid, "\"text\":\"", bad));
        }
        int i = 0;
        for (byte[] body : bodies) {
            Map<String, String> h = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json");
            h.put("ce-id", "garbage-" + bot + "-" + i++);
            assertProblem(send("POST", "/", h, body), "body " + new String(body, StandardCharsets.ISO_8859_1)
                    .substring(0, Math.min(40, body.length)));
        }
        // The same message, valid, is handled (no campaign on this bot: 204, no answer).
        Map<String, String> h = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json; charset=UTF-8");
        assertThat(send("POST", "/", h, valid).status()).isEqualTo(204);
        assertThat(ReplyTap.events(m.conversationId())).isEmpty();
    }

    @Test
    void validCloudEventsStillReachTheFunctions() {
        String bot = newBot();
        Map<String, Object> c = campaign(bot, 1.0, Map.of("ams", 10));
        String id = QuizTestSupport.createOpen(c);
        ChatMessageReceived m = text(bot, "fan-ok", "hi");
        Map<String, String> h = ceHeaders(EventType.CHAT_MESSAGE_RECEIVED.type(), "application/json");
        assertThat(send("POST", "/", h, EventJson.write(m)).status()).isEqualTo(204);
        ReplyTap.awaitReplies(m.conversationId(), 1);
        // Structured mode too.
        ChatMessageReceived m2 = text(bot, "fan-structured", "hi");
        Map<String, Object> ce = new LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", "structured-" + m2.messageId());
        ce.put("source", QuizTestSupport.GATEWAY_SOURCE);
        ce.put("type", EventType.CHAT_MESSAGE_RECEIVED.type());
        ce.put("datacontenttype", "application/json");
        try {
            ce.put("data", JSON.readTree(EventJson.write(m2)));
            Reply r = send("POST", "/", Map.of("Content-Type", "application/cloudevents+json"),
                    JSON.writeValueAsBytes(ce));
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
            ce.put("type", EventType.CHAT_REPLY_REQUESTED.type());
            assertProblem(send("POST", "/", Map.of("Content-Type", "application/cloudevents+json"),
                    JSON.writeValueAsBytes(ce)), "structured, wrong type");
            ce.put("type", EventType.CHAT_MESSAGE_RECEIVED.type());
            ce.remove("id");
            assertProblem(send("POST", "/", Map.of("Content-Type", "application/cloudevents+json"),
                    JSON.writeValueAsBytes(ce)), "structured, no id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReplyTap.awaitReplies(m2.conversationId(), 1);
        assertThat(id).isNotNull();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertProblem(Reply r, String what) {
        assertThat(r.status()).as(what + ": " + r).isEqualTo(400);
        assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    }

    private static String createDraft() {
        Map<String, Object> c = campaign(newBot(), 0.5, Map.of("ams", 10));
        return admin().contentType("application/json").body(c).post("/api/v1/campaigns").then().statusCode(201)
                .extract().path("id");
    }

    private static byte[] validMessage() {
        return EventJson.write(text(newBot(), "fan", "hello"));
    }

    private static Map<String, String> adminHeaders(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + QuizTestSupport.TOKEN);
        h.put("Content-Type", contentType);
        return h;
    }

    private static Map<String, String> ceHeaders(String type, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", "bad-" + System.nanoTime());
        h.put("ce-type", type);
        h.put("ce-source", QuizTestSupport.GATEWAY_SOURCE);
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return h;
    }

    private static byte[] splice(byte[] body, String after, byte[] insert) {
        String s = new String(body, StandardCharsets.UTF_8);
        int at = s.indexOf(after);
        assertThat(at).as(after).isNotNegative();
        int pos = utf8(s.substring(0, at + after.length())).length;
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, pos);
        System.arraycopy(insert, 0, out, pos, insert.length);
        System.arraycopy(body, pos, out, pos + insert.length, body.length - pos);
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X", x));
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One request over a fresh socket with an explicit Content-Length; a hang fails after 5 s. */
    private static Reply send(String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", RestAssured.port), 3000);
            socket.setSoTimeout(5000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            String text = got.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int end = text.indexOf("\r\n\r\n");
            String contentType = "";
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.regionMatches(true, 0, "content-type:", 0, 13)) {
                    contentType = line.substring(13).trim();
                }
            }
            return new Reply(status, contentType, text.substring(end + 4));
        } catch (SocketTimeoutException e) {
            throw new AssertionError(method + " " + path + ": no answer within 5 s (hang)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
