package io.crowdsurf.events.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A chat platform a fan talks to us through. Serialized in lower case ("messenger"). */
public enum Platform {
    MESSENGER, SLACK, TELEGRAM, WEBCHAT;

    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Platform of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
