package io.crowdsurf.events;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Event data written field by field with Jackson's streaming generator, for hot paths that write thousands of one
 * record type per request (metrics-service's hits, alert-service's opportunities) where {@link EventJson#write}'s
 * reflective record serializer was the largest cost. A writer lists the record's fields in declaration order and
 * leaves nulls out ({@link #string}), as {@link EventJson#MAPPER} does; each writer's test holds both to the same bytes.
 */
public final class JsonFields {

    private static final JsonFactory FACTORY = EventJson.MAPPER.getFactory();

    private JsonFields() {
    }

    /** The fields of one object. */
    @FunctionalInterface
    public interface Writer {
        void fields(JsonGenerator g) throws IOException;
    }

    /** One JSON object: {@code {}} around what {@code writer} writes. */
    public static byte[] object(int expectedBytes, Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(expectedBytes);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writer.fields(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** A string field, left out when null. */
    public static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
