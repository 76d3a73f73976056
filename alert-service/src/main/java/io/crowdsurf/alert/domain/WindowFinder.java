package io.crowdsurf.alert.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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
        // Look back by the minimum length: a window already under way keeps its full length, so a later run does not
        // mistake "less of it is left" for "it is gone"; windows that have ended are dropped below.
        long nowS = now.getEpochSecond();
        long from = nowS - c.minWindowMinutes() * 60L;
        long to = nowS + c.horizonHours() * 3600L;
        List<long[]> set = List.of(Intervals.of(from, to));
        List<long[]> light = phases(c.light(), sun);
        List<long[]> twilight = phases(c.twilight(), sun);
        if (!c.light().isEmpty()) {
            set = Intervals.intersect(set, light);
        }
        if (!c.twilight().isEmpty()) {
            set = Intervals.intersect(set, twilight);
        }
        if (!c.days().isEmpty()) {
            set = Intervals.intersect(set, days(c, zone, from, to));
        }
        if (c.needsWeather()) {
            if (forecast == null) {
                return List.of();
            }
            set = Intervals.intersect(set, weather(c, forecast));
        }
        List<Window> out = new ArrayList<>();
        for (long[] i : set) {
            if (i[1] > nowS && i[1] - i[0] >= Math.max(60, c.minWindowMinutes() * 60L)) {
                out.add(new Window(Instant.ofEpochSecond(i[0]), Instant.ofEpochSecond(i[1]), label(c, sun, i)));
            }
        }
        return out;
    }

    private static List<long[]> phases(java.util.Set<Phase> selected, SunPhases sun) {
        List<long[]> all = new ArrayList<>();
        for (Phase p : selected) {
            all.addAll(sun.of(p));
        }
        return Intervals.normalize(all);
    }

    private static List<long[]> days(Conditions c, ZoneId zone, long from, long to) {
        List<long[]> out = new ArrayList<>();
        LocalDate day = Instant.ofEpochSecond(from).atZone(zone).toLocalDate();
        LocalDate last = Instant.ofEpochSecond(to).atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (c.days().contains(day.getDayOfWeek())) {
                out.add(Intervals.of(day.atStartOfDay(zone).toEpochSecond(), day.plusDays(1).atStartOfDay(zone).toEpochSecond()));
            }
        }
        return Intervals.normalize(out);
    }

    private static List<long[]> weather(Conditions c, HourlyForecast f) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < f.slots(); i++) {
            if (matches(c, f, i)) {
                out.add(Intervals.of(f.slotStart(i), f.slotStart(i) + 3600));
            }
        }
        return Intervals.normalize(out);
    }

    static boolean matches(Conditions c, HourlyForecast f, int i) {
        if (!c.precipitation().isEmpty() && !c.precipitation().contains(f.precipitationType(i))) {
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
