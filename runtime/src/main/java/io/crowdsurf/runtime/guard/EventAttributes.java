package io.crowdsurf.runtime.guard;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.EventSignature;

/**
 * The CloudEvent attributes the guard checks, read from binary-mode headers ({@code ce-*}) or a structured
 * envelope; {@code prefix} names them as the sender wrote them.
 */
record EventAttributes(String prefix, String specversion, String id, String source, String type, String signature) {

    static EventAttributes fromHeaders(Function<String, String> header) {
        return new EventAttributes("ce-", header.apply("ce-specversion"), header.apply("ce-id"),
                header.apply("ce-source"), header.apply("ce-type"), header.apply("ce-" + EventSignature.EXTENSION));
    }

    static EventAttributes fromEnvelope(JsonNode ce) {
        return new EventAttributes("", string(ce, "specversion"), string(ce, "id"), string(ce, "source"),
                string(ce, "type"), string(ce, EventSignature.EXTENSION));
    }

    static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
