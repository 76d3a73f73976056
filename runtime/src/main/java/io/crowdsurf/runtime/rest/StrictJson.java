package io.crowdsurf.runtime.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads API request bodies strictly, for every service's admin and public JSON endpoints: invalid UTF-8, an empty
 * body, a JSON {@code null}, unknown fields, wrong types, trailing data and absurd nesting are each a 400
 * problem naming the field where there is one. The application's shared mapper ignores unknown fields on purpose
 * (event consumers must tolerate additions), so request bodies get this reader instead.
 *
 * <pre>{@code
 * AlertRequest request = strictJson.read(rawBody, AlertRequest.class); // ProblemException(400) when bad
 * }</pre>
 */
@ApplicationScoped
public class StrictJson {

    /** Request bodies of ours are a few levels deep; thousands of levels are an attack, refused early. */
    static final int MAX_NESTING = 32;
    private static final int MAX_MESSAGE = 200;

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper mapper) {
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    /** The body as {@code type}; invalid UTF-8 is refused, never replaced by U+FFFD and stored. */
    public <T> T read(byte[] raw, Class<T> type) {
        String body = raw == null ? "" : Utf8.tryDecode(raw).orElseThrow(
                () -> new ProblemException(Problem.invalid(null, "the body is not valid UTF-8")));
        if (body.isBlank()) {
            throw new ProblemException(Problem.invalid(null, "body required: send a JSON object"));
        }
        try {
            T value = mapper.readerFor(type).readValue(body);
            if (value == null) {
                throw new ProblemException(Problem.invalid(null, "body required: send a JSON object, not null"));
            }
            return value;
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            throw new ProblemException(Problem.invalid(field,
                    (field == null ? "" : field + ": ") + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid(null, "malformed JSON: " + firstLine(e.getMessage())));
        }
    }

    /** {@code pools.1.capacity}: field names and array positions joined by dots, as the validators name fields. */
    static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .reduce((a, b) -> a + "." + b).orElse(null);
    }

    /** Jackson's messages carry source excerpts on later lines; the first line says what is wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) : line;
    }
}
