package io.crowdsurf.alert.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every window in an alert's horizon where all its conditions hold: (any selected light phase) ∩ (any selected
 * twilight phase) ∩ (any selected weekday, in the place's time zone) ∩ (forecast hours that match the weather
 * conditions) ∩ [now − minimum length, now + horizon], keeping windows that have not ended and are at least the
 * minimum length long. Pure.
 */
public final class WindowFinder {

    private WindowFinder() {
    }

    /**
     * @param forecast the cell's forecast; needed when the conditions use the weather (else no window)
     * @param zone     the place's time zone (weekdays)
     */
    public static List<Window> find(Conditions c, SunPhases sun, HourlyForecast forecast, ZoneId zone, Instant now) {
        return new ForCell(sun, forecast).find(c, zone, now);
    }

    /**
     * The windows of many alerts of one cell (one sun and one forecast): what does not depend on the alert — each
     * hour's precipitation type — is computed once, and the interval sets of a selection (the union of some phases,
     * the hours matching some weather conditions, some weekdays) once per distinct selection, since the alerts of a
     * cell share them often. The same windows as {@link #find(Conditions, SunPhases, HourlyForecast, ZoneId, Instant)}
     * by construction (pure functions, memoised). Not thread-safe: one per cell.
     */
    public static final class ForCell {
        private final SunPhases sun;
        private final HourlyForecast forecast;
        private PrecipitationType[] types;
        private final Map<Set<Phase>, List<long[]>> phaseSets = new HashMap<>();
        private final Map<Weather, List<long[]>> weatherSets = new HashMap<>();
        private final Map<Days, List<long[]>> daySets = new HashMap<>();

        public ForCell(SunPhases sun, HourlyForecast forecast) {
            this.sun = sun;
            this.forecast = forecast;
        }

        /** The weather part of some conditions: the hours it selects depend on nothing else. */
        private record Weather(Set<PrecipitationType> precipitation, Double min, Double max, Integer maxLowCloud) {
        }

        private record Days(Set<DayOfWeek> days, ZoneId zone, long from, long to) {
        }

        public List<Window> find(Conditions c, ZoneId zone, Instant now) {
            // Look back by the minimum length: a window already under way keeps its full length, so a later run does
            // not mistake "less of it is left" for "it is gone"; windows that have ended are dropped below.
            long nowS = now.getEpochSecond();
            long from = nowS - c.minWindowMinutes() * 60L;
            long to = nowS + c.horizonHours() * 3600L;
            List<long[]> set = List.of(Intervals.of(from, to));
            if (!c.light().isEmpty()) {
                set = Intervals.intersect(set, phaseSets.computeIfAbsent(c.light(), p -> phases(p, sun)));
            }
            if (!c.twilight().isEmpty()) {
                set = Intervals.intersect(set, phaseSets.computeIfAbsent(c.twilight(), p -> phases(p, sun)));
            }
            if (!c.days().isEmpty()) {
                set = Intervals.intersect(set, daySets.computeIfAbsent(new Days(c.days(), zone, from, to),
                        d -> days(d.days(), d.zone(), d.from(), d.to())));
            }
            if (c.needsWeather()) {
                if (forecast == null) {
                    return List.of();
                }
                set = Intervals.intersect(set, weatherSets.computeIfAbsent(
                        new Weather(c.precipitation(), c.minPrecipitation(), c.maxPrecipitation(), c.maxLowCloud()),
                        w -> weather(c, forecast, types())));
            }
            List<Window> out = new ArrayList<>();
            for (long[] i : set) {
                if (i[1] > nowS && i[1] - i[0] >= Math.max(60, c.minWindowMinutes() * 60L)) {
                    out.add(new Window(Instant.ofEpochSecond(i[0]), Instant.ofEpochSecond(i[1]), label(c, sun, i)));
                }
            }
            return out;
        }

        private PrecipitationType[] types() {
            if (types == null) {
                types = new PrecipitationType[forecast.slots()];
                for (int i = 0; i < types.length; i++) {
                    types[i] = forecast.precipitationType(i);
                }
            }
            return types;
        }
    }

    private static List<long[]> phases(Set<Phase> selected, SunPhases sun) {
        List<long[]> all = new ArrayList<>();
        for (Phase p : selected) {
            all.addAll(sun.of(p));
        }
        return Intervals.normalize(all);
    }

    private static List<long[]> days(Set<DayOfWeek> selected, ZoneId zone, long from, long to) {
        List<long[]> out = new ArrayList<>();
        LocalDate day = Instant.ofEpochSecond(from).atZone(zone).toLocalDate();
        LocalDate last = Instant.ofEpochSecond(to).atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (selected.contains(day.getDayOfWeek())) {
                out.add(Intervals.of(day.atStartOfDay(zone).toEpochSecond(), day.plusDays(1).atStartOfDay(zone).toEpochSecond()));
            }
        }
        return Intervals.normalize(out);
    }

    private static List<long[]> weather(Conditions c, HourlyForecast f, PrecipitationType[] types) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < f.slots(); i++) {
            if (matches(c, f, i, types[i])) {
                out.add(Intervals.of(f.slotStart(i), f.slotStart(i) + 3600));
            }
        }
        return Intervals.normalize(out);
    }

    static boolean matches(Conditions c, HourlyForecast f, int i) {
        return matches(c, f, i, f.precipitationType(i));
    }

    private static boolean matches(Conditions c, HourlyForecast f, int i, PrecipitationType type) {
        if (!c.precipitation().isEmpty() && !c.precipitation().contains(type)) {
            return false;
        }
        double mm = f.precipitationMm(i);
        if ((c.minPrecipitation() != null || c.maxPrecipitation() != null) && Double.isNaN(mm)) {
            return false;
        }
        if (c.minPrecipitation() != null && mm < c.minPrecipitation()) {
            return false;
        }
        if (c.maxPrecipitation() != null && mm > c.maxPrecipitation()) {
            return false;
        }
        if (c.maxLowCloud() != null && (f.lowCloud(i) < 0 || f.lowCloud(i) > c.maxLowCloud())) {
            return false;
        }
        return true;
    }

    private static String label(Conditions c, SunPhases sun, long[] window) {
        for (Phase p : Phase.values()) {
            if ((c.light().contains(p) || c.twilight().contains(p)) && Intervals.overlaps(sun.of(p), window[0], window[1])) {
                return p.id();
            }
        }
        return "any";
    }
}
