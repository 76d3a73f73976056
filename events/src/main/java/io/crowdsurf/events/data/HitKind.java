package io.crowdsurf.events.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a tracked hit records, in Matomo's terms. Serialized in lower snake case ("content_impression").
 * A Matomo tracking request is exactly one of these: a {@code download} or {@code link} parameter makes it
 * a download or outlink, {@code e_c}+{@code e_a} an event, {@code c_n} a content impression (with
 * {@code c_i} an interaction), {@code search} a site search, {@code ping=1} a heartbeat; else a page view.
 */
public enum HitKind {
    PAGEVIEW, DOWNLOAD, OUTLINK, EVENT, CONTENT_IMPRESSION, CONTENT_INTERACTION, SEARCH, PING;

    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static HitKind of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
