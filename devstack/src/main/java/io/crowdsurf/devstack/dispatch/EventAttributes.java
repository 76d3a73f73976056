package io.crowdsurf.devstack.dispatch;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import io.cloudevents.CloudEvent;

/** A CloudEvent's context attributes and extensions as strings, the form Trigger filters compare against. */
final class EventAttributes {

    private EventAttributes() {
    }

    static Map<String, String> of(CloudEvent event) {
        Map<String, String> out = new HashMap<>();
        for (String name : event.getAttributeNames()) {
            put(out, name, event.getAttribute(name));
        }
        for (String name : event.getExtensionNames()) {
            put(out, name, event.getExtension(name));
        }
        return out;
    }

    private static void put(Map<String, String> out, String name, Object value) {
        if (value == null) {
            return;
        }
        // Knative compares the canonical string form; for time that is RFC 3339.
        String text = value instanceof OffsetDateTime t ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t)
                : value.toString();
        out.put(name, text);
    }
}
