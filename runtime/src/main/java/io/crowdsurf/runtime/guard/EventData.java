package io.crowdsurf.runtime.guard;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.Utf8;

/** Reads JSON strictly (UTF-8, one value, bounded depth) and requires event data to be one JSON object. */
final class EventData {

    static final int MAX_DEPTH = 64;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The outcome of reading: a tree or the problem ({@code field} names what was read). */
    record Read(JsonNode tree, Problem problem) {
    }

    private EventData() {
    }

    /** @param what the field the problem names ({@code data}, {@code body}) and how the detail calls it */
    static Read read(byte[] raw, String field, String what) {
        Optional<String> text = Utf8.tryDecode(raw);
        if (text.isEmpty()) {
            return new Read(null, Problem.invalid(field, what + " is not valid UTF-8"));
        }
        try {
            return new Read(JSON.readTree(text.get()), null);
        } catch (IOException e) {
            return new Read(null, Problem.invalid(field, what + " is not JSON: " + firstLine(e.getMessage())));
        }
    }

    /** Null when {@code data} is one JSON object. */
    static Problem requireObject(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return Problem.invalid("data", "the event has no data: a JSON object is required, not null");
        }
        if (!data.isObject()) {
            return Problem.invalid("data", "the event data must be a JSON object, not "
                    + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
