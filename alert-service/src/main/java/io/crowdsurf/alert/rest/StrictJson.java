package io.crowdsurf.alert.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * Reads API bodies strictly: invalid UTF-8, an empty body, {@code null}, unknown fields and wrong types are a 400
 * naming the field (the shared mapper tolerates unknown fields on purpose, for events).
 */
@ApplicationScoped
public class StrictJson {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper mapper) {
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
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
            throw new ProblemException(Problem.invalid(field, (field == null ? "" : field + ": ") + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid(null, "malformed JSON: " + firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
