package io.crowdsurf.metrics.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tour date stands for buyers; serialized as {@code on-sale}, {@code sold-out}, {@code cancelled}. */
public enum EventStatus {
    ON_SALE, SOLD_OUT, CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<EventStatus> find(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
