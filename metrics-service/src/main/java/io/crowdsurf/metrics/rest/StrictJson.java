package io.crowdsurf.metrics.rest;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/** Admin bodies read strictly: invalid UTF-8, unknown fields, wrong types, trailing data → 400 naming the field. */
@ApplicationScoped
public class StrictJson {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper mapper) {
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    public <T> T read(byte[] raw, Class<T> type) {
        String body = Utf8.decode(raw, "body");
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
                    + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid(null, "malformed JSON"));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
