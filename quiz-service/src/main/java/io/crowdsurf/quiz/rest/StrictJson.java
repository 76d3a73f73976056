package io.crowdsurf.quiz.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * Reads admin request bodies strictly: unknown fields and wrong types are a 400 naming the field.
 * (The shared mapper ignores unknown fields on purpose — event consumers must tolerate additions — so
 * the admin API uses its own reader.)
 */
@ApplicationScoped
public class StrictJson {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper mapper) {
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The body as {@code type}. The raw bytes are decoded strictly (invalid UTF-8 is a 400, never replaced
     * by U+FFFD and stored); an empty body or a JSON {@code null} is a 400 "body required".
     */
    public <T> T read(byte[] raw, Class<T> type) {
        if (raw == null || raw.length == 0) {
            throw new ProblemException(Problem.invalid(null, "body required: send a JSON object"));
        }
        String body = Utf8.tryDecode(raw).orElseThrow(
                () -> new ProblemException(Problem.invalid(null, "the body is not valid UTF-8")));
        if (body.isBlank()) {
            throw new ProblemException(Problem.invalid(null, "body required: send a JSON object"));
        }
        ObjectReader reader = mapper.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw new ProblemException(Problem.invalid(null, "body required: send a JSON object, not null"));
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                    .reduce((a, b) -> a + "." + b).orElse(null);
            throw new ProblemException(Problem.invalid(field, (field == null ? "" : field + ": ")
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid(null, "malformed JSON: " + e.getMessage()));
        }
    }
}
