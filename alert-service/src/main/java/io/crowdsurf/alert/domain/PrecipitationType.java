package io.crowdsurf.alert.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What falls from the sky in one forecast hour; see {@link HourlyForecast#precipitationType(int)}. */
public enum PrecipitationType {
    NONE, RAIN, SNOW, SLEET;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PrecipitationType> find(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id().equals(wanted)).findFirst();
    }
}
