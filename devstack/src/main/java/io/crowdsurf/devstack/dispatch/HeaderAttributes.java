package io.crowdsurf.devstack.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A binary-mode record's CloudEvent attributes read straight from its headers, for Trigger filters: the same
 * names and strings {@link EventAttributes} gives for the parsed event ({@code ce_}-prefixed headers, lower-cased
 * without the prefix, UTF-8 values, the last of repeated headers; {@code content-type} as
 * {@code datacontenttype}), without building the event. Every Trigger's consumer reads every record and most
 * records match none of its filters: parsing each one (its {@code time} above all) was most of the dispatcher's
 * CPU. The one attribute whose header is not its canonical string is {@code time} (the parsed event prints it
 * again in RFC 3339 form), so a filter on {@code time} still goes through the parsed event.
 */
final class HeaderAttributes {

    private static final String PREFIX = "ce_";
    private static final String CONTENT_TYPE = "content-type";

    private HeaderAttributes() {
    }

    /**
     * The attributes, or null when the headers cannot stand in for the parsed event: a structured-mode record
     * (the attributes are in the value) or no {@code ce_specversion} (not a binary-mode CloudEvent).
     */
    static Map<String, String> of(ConsumerRecord<String, byte[]> record) {
        return of(record, null);
    }

    /**
     * The same, but only the attributes in {@code needed} (and {@code specversion}) are decoded: a filter reads only
     * {@link Filter#attributesOf its own attributes}, so the others cannot change its verdict, and each Trigger's
     * consumer looks at every record (null = all of them).
     */
    static Map<String, String> of(ConsumerRecord<String, byte[]> record, Set<String> needed) {
        Map<String, String> out = new HashMap<>();
        for (Header h : record.headers()) {
            String key = h.key();
            if (key.equals(CONTENT_TYPE)) {
                String value = text(h);
                if (value != null && value.regionMatches(true, 0, "application/cloudevents", 0, 23)) {
                    return null;
                }
                put(out, "datacontenttype", value);
            } else if (key.length() > PREFIX.length() && key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length()).toLowerCase();
                if (needed == null || needed.contains(name) || name.equals("specversion")) {
                    put(out, name, text(h));
                }
            }
        }
        return out.containsKey("specversion") ? out : null;
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value == null) {
            out.remove(name);
        } else {
            out.put(name, value);
        }
    }

    private static String text(Header h) {
        return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
