package io.crowdsurf.quiz.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

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
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.invalid(null, "a JSON body is required"));
        }
        ObjectReader reader = mapper.readerFor(type);
        try {
            return reader.readValue(body);
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
