package io.crowdsurf.runtime.guard;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.runtime.rest.Problem;

/**
 * The guard's decision for one request, without a server: null when it may go on to the functions, else the
 * problem to answer with. Binary mode: headers then data; structured mode: the envelope.
 */
final class EventCheck {

    private final AttributeCheck attributes;

    EventCheck(AttributeCheck attributes) {
        this.attributes = attributes;
    }

    /**
     * @param header   the request's headers, by case-insensitive name
     * @param raw      the body (empty when there is none)
     * @param function the function of the path {@code /<function>}, or null for {@code /}
     */
    Problem problem(Function<String, String> header, byte[] raw, String function) {
        String contentType = header.apply("Content-Type");
        String mediaType = MediaTypes.of(contentType);
        if (mediaType.equals(MediaTypes.BATCH)) {
            return Problem.invalid("Content-Type", "batched CloudEvents are not accepted");
        }
        if (!MediaTypes.utf8Charset(contentType)) {
            return Problem.invalid("Content-Type", "the content type must be JSON in UTF-8, not '" + contentType + "'");
        }
        if (mediaType.equals(MediaTypes.STRUCTURED)) {
            return structured(raw, function);
        }
        Problem attrs = attributes.problem(EventAttributes.fromHeaders(header), function);
        if (attrs != null) {
            return attrs;
        }
        if (!MediaTypes.json(mediaType)) {
            return Problem.invalid("Content-Type", "the content type must be application/json, not '" + contentType + "'");
        }
        if (raw.length == 0) {
            // Every type in the catalog carries data; Funqy would fail on the missing body with a 500.
            return Problem.invalid("data", "the event has no data: a JSON object is required");
        }
        EventData.Read data = EventData.read(raw, "data", "the event data");
        return data.problem() != null ? data.problem() : EventData.requireObject(data.tree());
    }

    private Problem structured(byte[] raw, String function) {
        EventData.Read envelope = EventData.read(raw, "body", "the CloudEvent");
        if (envelope.problem() != null) {
            return envelope.problem();
        }
        JsonNode ce = envelope.tree();
        if (ce == null || !ce.isObject()) {
            return Problem.invalid("body", "a structured CloudEvent must be a JSON object");
        }
        Problem attrs = attributes.problem(EventAttributes.fromEnvelope(ce), function);
        if (attrs != null) {
            return attrs;
        }
        String dataType = EventAttributes.string(ce, "datacontenttype");
        if (dataType != null && !MediaTypes.json(MediaTypes.of(dataType))) {
            return Problem.invalid("datacontenttype", "datacontenttype must be application/json, not '" + dataType + "'");
        }
        if (ce.has("data_base64")) {
            return Problem.invalid("data_base64", "data_base64 is not accepted: the data is a JSON object");
        }
        return EventData.requireObject(ce.get("data"));
    }
}
