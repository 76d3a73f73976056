package io.crowdsurf.metrics.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matomo's {@code period} and {@code date} parameters turned into the list of periods to report, each a
 * closed range of dates in the site's time zone. {@code date}: {@code today}, {@code yesterday},
 * {@code YYYY-MM-DD}, {@code lastN} (N periods ending with today's), {@code previousN} (N periods ending with
 * the one before today's), {@code A,B}. With {@code period=range} the dates form one range; otherwise lastN,
 * previousN and A,B give one period per day/week/month/year touched, and the answer is keyed by period.
 *
 * @param multiple the answer is an object keyed by period label (Matomo's shape for lastN, previousN, A,B)
 */
public record DateSpec(String period, List<Span> spans, boolean multiple) {

    public static final int MAX_PERIODS = 1000;

    /** One reported period: its level (null for a free range), first and last day. */
    public record Span(Level level, LocalDate from, LocalDate to) {

        /** Matomo's label: 2026-12-01; 2026-11-30,2026-12-06 for a week or range; 2026-12; 2026. */
        public String label() {
            if (level == null) {
                return from + "," + to;
            }
            return switch (level) {
                case HOUR, DAY -> from.toString();
                case WEEK -> from + "," + to;
                case MONTH -> from.toString().substring(0, 7);
                case YEAR -> from.toString().substring(0, 4);
            };
        }
    }

    public static Level level(String period) {
        return switch (period == null ? "" : period.toLowerCase(Locale.ROOT)) {
            case "day" -> Level.DAY;
            case "week" -> Level.WEEK;
            case "month" -> Level.MONTH;
            case "year" -> Level.YEAR;
            case "range" -> null;
            default -> throw new IllegalArgumentException("period '" + period
                    + "' is not supported; use day, week, month, year or range");
        };
    }

    public static DateSpec parse(String period, String date, LocalDate today) {
        if (date == null || date.isBlank()) {
            throw new IllegalArgumentException("parameter 'date' is required");
        }
        Level level = level(period);
        String d = date.trim().toLowerCase(Locale.ROOT);
        LocalDate from;
        LocalDate to;
        boolean multiple;
        if (d.startsWith("last") || d.startsWith("previous")) {
            boolean previous = d.startsWith("previous");
            int n = count(d.substring(previous ? 8 : 4), date);
            Level unit = level == null ? Level.DAY : level;
            LocalDate end = previous ? back(unit, today, 1) : today;
            to = unit.end(end);
            from = unit.start(back(unit, end, n - 1));
            if (level == null) {
                to = end;
                from = back(Level.DAY, end, n - 1);
            }
            multiple = level != null;
        } else if (d.contains(",")) {
            String[] ab = d.split(",", -1);
            if (ab.length != 2) {
                throw new IllegalArgumentException("date '" + date + "' is not a range A,B");
            }
            from = day(ab[0], today, date);
            to = day(ab[1], today, date);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("date range '" + date + "' ends before it starts");
            }
            multiple = level != null;
        } else {
            if (level == null) {
                throw new IllegalArgumentException("period=range needs date=A,B, lastN or previousN");
            }
            LocalDate one = day(d, today, date);
            from = level.start(one);
            to = level.end(one);
            multiple = false;
        }
        List<Span> spans = new ArrayList<>();
        if (level == null) {
            spans.add(new Span(null, from, to));
        } else {
            for (LocalDate cur = level.start(from); !cur.isAfter(to); cur = level.end(cur).plusDays(1)) {
                spans.add(new Span(level, cur, level.end(cur)));
                if (spans.size() > MAX_PERIODS) {
                    throw new IllegalArgumentException("date '" + date + "' spans more than " + MAX_PERIODS
                            + " periods");
                }
            }
        }
        return new DateSpec(period.toLowerCase(Locale.ROOT), List.copyOf(spans), multiple);
    }

    private static LocalDate back(Level unit, LocalDate d, int n) {
        return switch (unit) {
            case HOUR, DAY -> d.minusDays(n);
            case WEEK -> d.minusWeeks(n);
            case MONTH -> d.minusMonths(n);
            case YEAR -> d.minusYears(n);
        };
    }

    private static int count(String digits, String date) {
        try {
            int n = Integer.parseInt(digits);
            if (n < 1 || n > MAX_PERIODS) {
                throw new IllegalArgumentException("date '" + date + "': N must be between 1 and " + MAX_PERIODS);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("date '" + date + "' is not lastN or previousN");
        }
    }

    private static LocalDate day(String s, LocalDate today, String date) {
        return switch (s.trim()) {
            case "today" -> today;
            case "yesterday" -> today.minusDays(1);
            default -> {
                try {
                    yield LocalDate.parse(s.trim());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("date '" + date + "' is not YYYY-MM-DD, today, yesterday, "
                            + "lastN, previousN or A,B");
                }
            }
        };
    }

    /**
     * The rollup buckets whose sum is exactly a free range: whole years, then whole months, then days.
     * A calendar period is its own single bucket.
     */
    public static List<String> buckets(Span span) {
        List<String> keys = new ArrayList<>();
        if (span.level() != null) {
            keys.add(span.level().key(span.from().atStartOfDay()));
            return keys;
        }
        LocalDate cur = span.from();
        while (!cur.isAfter(span.to())) {
            if (cur.getDayOfYear() == 1 && !Level.YEAR.end(cur).isAfter(span.to())) {
                keys.add(Level.YEAR.key(cur.atStartOfDay()));
                cur = Level.YEAR.end(cur).plusDays(1);
            } else if (cur.getDayOfMonth() == 1 && !Level.MONTH.end(cur).isAfter(span.to())) {
                keys.add(Level.MONTH.key(cur.atStartOfDay()));
                cur = Level.MONTH.end(cur).plusDays(1);
            } else {
                keys.add(Level.DAY.key(cur.atStartOfDay()));
                cur = cur.plusDays(1);
            }
        }
        return keys;
    }
}
