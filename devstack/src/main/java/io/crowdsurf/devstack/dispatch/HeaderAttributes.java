package io.crowdsurf.devstack.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

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
                put(out, key.substring(PREFIX.length()).toLowerCase(), text(h));
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
