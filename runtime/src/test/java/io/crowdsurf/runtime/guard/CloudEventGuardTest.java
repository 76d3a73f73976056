package io.crowdsurf.runtime.guard;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventType;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.Utf8;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's decisions, without a server. */
class CloudEventGuardTest {

    private static final String MESSAGE = EventType.CHAT_MESSAGE_RECEIVED.type();
    private static final String DRAW = EventType.QUIZ_DRAW_REQUESTED.type();
    private static final Map<String, String> QUIZ_MAPPINGS = Map.of("chatMessageReceived.trigger", MESSAGE,
            "quizDrawRequested.trigger", DRAW);

    private final CloudEventGuard quiz = new CloudEventGuard(List.of(), Optional.of("quiz-service"), QUIZ_MAPPINGS,
            false);
    private final CloudEventGuard signed = new CloudEventGuard(List.of(), Optional.of("quiz-service"), QUIZ_MAPPINGS,
            true);

    @Test
    void acceptedTypesAreTheConsumersTriggeredCatalogTypesAndPathsComeFromTheMappings() {
        assertThat(quiz.accepted()).containsExactlyInAnyOrder(MESSAGE, DRAW);
        assertThat(quiz.paths()).containsExactly("/", "/chatMessageReceived", "/quizDrawRequested");
        assertThat(new CloudEventGuard(List.of(), Optional.empty(), Map.of(), false).accepted()).isEmpty();
        assertThat(new CloudEventGuard(List.of(" x.y "), Optional.empty(), Map.of(), false).accepted())
                .containsExactly("x.y");
    }

    @Test
    void aValidBinaryEventPasses() {
        assertThat(quiz.problem(headers(MESSAGE, "application/json; charset=UTF-8"), utf8("{\"a\":1}"), null)).isNull();
        assertThat(quiz.problem(headers(MESSAGE, "application/json"), utf8("{}"), "chatMessageReceived")).isNull();
    }

    @Test
    void badAttributesAreRefusedNamingTheAttribute() {
        for (String missing : List.of("ce-specversion", "ce-id", "ce-type", "ce-source")) {
            Map<String, String> h = map(MESSAGE, "application/json");
            h.remove(missing);
            assertThat(quiz.problem(h::get, utf8("{}"), null)).as(missing).extracting(Problem::status, Problem::field)
                    .containsExactly(400, missing);
        }
        assertThat(quiz.problem(headers(EventType.CHAT_REPLY_REQUESTED.type(), "application/json"), utf8("{}"), null)
                .field()).isEqualTo("ce-type");
        // A type for another function on /<function>.
        assertThat(quiz.problem(headers(DRAW, "application/json"), utf8("{}"), "chatMessageReceived").field())
                .isEqualTo("ce-type");
    }

    @Test
    void badBodiesAndContentTypesAreRefused() {
        for (String body : List.of("", "null", "[]", "\"hi\"", "{", "{}{}", "[".repeat(5000),
                "{\"a\":".repeat(CloudEventGuard.MAX_DEPTH + 1) + "1" + "}".repeat(CloudEventGuard.MAX_DEPTH + 1))) {
            assertThat(quiz.problem(headers(MESSAGE, "application/json"), utf8(body), null)).as(body).isNotNull()
                    .extracting(Problem::status).isEqualTo(400);
        }
        assertThat(quiz.problem(headers(MESSAGE, "application/json"), new byte[] {'{', (byte) 0xC3, 0x28, '}'}, null))
                .extracting(Problem::field).isEqualTo("data");
        for (String type : List.of("text/plain", "application/json; charset=utf-16", "application/cloudevents-batch+json")) {
            assertThat(quiz.problem(headers(MESSAGE, type), utf8("{}"), null)).as(type).isNotNull();
        }
    }

    @Test
    void structuredEventsAreCheckedInTheEnvelope() {
        String ok = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"" + MESSAGE
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}";
        java.util.function.Function<String, String> h =
                name -> name.equalsIgnoreCase("Content-Type") ? "application/cloudevents+json" : null;
        assertThat(quiz.problem(h, utf8(ok), null)).isNull();
        assertThat(quiz.problem(h, utf8(ok.replace("\"id\":\"1\",", "")), null).field()).isEqualTo("id");
        assertThat(quiz.problem(h, utf8(ok.replace("{\"a\":1}", "[1]")), null).field()).isEqualTo("data");
        assertThat(signed.problem(h, utf8(ok), null).status()).isEqualTo(401);
        assertThat(signed.problem(h, utf8(ok.replace("\"id\"", "\"crowdsurfsig\":\"s\",\"id\"")), null)).isNull();
    }

    @Test
    void aSignatureIsRequiredOnlyWhenConfigured() {
        assertThat(signed.problem(headers(MESSAGE, "application/json"), utf8("{}"), null).status()).isEqualTo(401);
        Map<String, String> h = map(MESSAGE, "application/json");
        h.put("ce-crowdsurfsig", "abc");
        assertThat(signed.problem(h::get, utf8("{}"), null)).isNull();
        assertThat(quiz.problem(headers(MESSAGE, "application/json"), utf8("{}"), null)).isNull();
    }

    @Test
    void utf8IsStrict() {
        assertThat(Utf8.tryDecode(utf8("Ámsterdam 🎧"))).contains("Ámsterdam 🎧");
        for (byte[] bad : new byte[][] {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
            assertThat(Utf8.valid(bad)).isFalse();
        }
    }

    private static java.util.function.Function<String, String> headers(String type, String contentType) {
        Map<String, String> h = map(type, contentType);
        return name -> h.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> map(String type, String contentType) {
        Map<String, String> h = new HashMap<>() {
            @Override
            public String get(Object key) {
                return super.get(((String) key).toLowerCase(Locale.ROOT));
            }
        };
        h.put("ce-specversion", "1.0");
        h.put("ce-id", "e1");
        h.put("ce-type", type);
        h.put("ce-source", "/test");
        h.put("content-type", contentType);
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
