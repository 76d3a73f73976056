package io.crowdsurf.metrics.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * Reads the widget and links admin bodies strictly from raw bytes: invalid UTF-8, unknown fields and wrong types
 * are a 400 naming the field (the shared mapper tolerates unknown fields on purpose, for event consumers).
 */
@ApplicationScoped
public class StrictBody {

    private final ObjectMapper mapper;

    public StrictBody(ObjectMapper mapper) {
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

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
