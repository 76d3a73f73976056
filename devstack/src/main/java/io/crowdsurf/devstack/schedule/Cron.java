package io.crowdsurf.devstack.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A Kubernetes CronJob {@code schedule}: five fields (minute hour day-of-month month day-of-week) with {@code *},
 * numbers, lists, ranges and steps, in the CronJob's {@code timeZone}. As in cron, when both day fields are
 * restricted a day matching either one fires.
 */
public record Cron(String expression, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays,
        boolean anyDay, boolean anyWeekday) {

    public static Cron parse(String expression) {
        String[] f = expression.strip().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("a schedule has five fields, not " + f.length + ": " + expression);
        }
        BitSet weekdays = field(f[4], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0); // 7 is Sunday too
        }
        return new Cron(expression, field(f[0], 0, 59), field(f[1], 0, 23), field(f[2], 1, 31), field(f[3], 1, 12),
                weekdays, f[2].equals("*"), f[4].equals("*"));
    }

    /** The first firing strictly after {@code after}, in {@code zone}. */
    public ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 4 * 366 * 24 * 60; i++) {
            if (matches(t)) {
                return t;
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalStateException("schedule " + expression + " never fires");
    }

    boolean matches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        boolean dayOk = anyDay && anyWeekday ? true : anyDay ? weekday : anyWeekday ? day : day || weekday;
        return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue()) && dayOk;
    }

    private static BitSet field(String spec, int min, int max) {
        BitSet out = new BitSet();
        for (String part : spec.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("schedule field '" + spec + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }
}
