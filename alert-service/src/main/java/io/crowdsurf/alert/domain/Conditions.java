package io.crowdsurf.alert.domain;

import java.time.DayOfWeek;
import java.util.Set;

/**
 * What must hold, all groups combined with AND; within a group any selected value matches. An empty group
 * does not restrict.
 *
 * @param maxLowCloud     maximum low-cloud cover in percent, or null
 * @param minPrecipitation lower bound in mm/h (inclusive), or null
 * @param maxPrecipitation upper bound in mm/h (inclusive), or null
 * @param horizonHours    how far ahead windows are looked for
 * @param minWindowMinutes a shorter window is not reported
 */
public record Conditions(
        Set<Phase> light,
        Set<Phase> twilight,
        Set<DayOfWeek> days,
        Set<PrecipitationType> precipitation,
        Double minPrecipitation,
        Double maxPrecipitation,
        Integer maxLowCloud,
        int horizonHours,
        int minWindowMinutes) {

    public Conditions {
        light = light == null ? Set.of() : Set.copyOf(light);
        twilight = twilight == null ? Set.of() : Set.copyOf(twilight);
        days = days == null ? Set.of() : Set.copyOf(days);
        precipitation = precipitation == null ? Set.of() : Set.copyOf(precipitation);
    }

    /** True when a condition needs the weather forecast. */
    public boolean needsWeather() {
        return !precipitation.isEmpty() || minPrecipitation != null || maxPrecipitation != null || maxLowCloud != null;
    }

    /** True when no condition at all is set (the API refuses that). */
    public boolean empty() {
        return light.isEmpty() && twilight.isEmpty() && days.isEmpty() && !needsWeather();
    }
}
