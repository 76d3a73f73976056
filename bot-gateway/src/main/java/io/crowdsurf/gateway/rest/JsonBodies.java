package io.crowdsurf.gateway.rest;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * Parses webhook bodies from the exact bytes that were signed; anything that is not a JSON object, or is
 * not valid UTF-8 ({@link Utf8}, the one strict decoder of every channel), is a 400.
 */
public final class JsonBodies {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBodies() {
    }

    public static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.invalid("body", "the body is empty; expected a JSON object"));
        }
        // Jackson and String decoding are lenient about broken UTF-8; a signed body is checked strictly first.
        Utf8.check(body, "body");
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid("body", "malformed JSON: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(Problem.invalid("body", "expected a JSON object"));
        }
        return root;
    }

    /** A text (or number, as Telegram's ids are) member, or null when absent. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    public static String text(JsonNode node, String parent, String field) {
        return text(node == null ? null : node.get(parent), field);
    }

    public static Instant epochMillis(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.canConvertToLong() ? Instant.ofEpochMilli(v.asLong()) : null;
    }

    public static Instant epochSeconds(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.canConvertToLong() ? Instant.ofEpochSecond(v.asLong()) : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
