package io.crowdsurf.quiz.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bson.Document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Records ↔ BSON documents through Jackson, so the stored shape is the records' JSON shape.
 * Instants are stored as epoch milliseconds (numbers sort and compare correctly in queries);
 * the record's {@code id} becomes {@code _id}.
 */
final class DocMapper {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private DocMapper() {
    }

    static Document toDocument(Object value, String idField) {
        try {
            Document doc = Document.parse(MAPPER.writeValueAsString(value));
            Object id = doc.remove(idField);
            Document out = new Document("_id", id);
            out.putAll(doc);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fromDocument(Document doc, Class<T> type, String idField) {
        if (doc == null) {
            return null;
        }
        Document copy = new Document(doc);
        copy.put(idField, copy.remove("_id"));
        try {
            return MAPPER.readValue(copy.toJson(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " does not read back", e);
        }
    }
}
