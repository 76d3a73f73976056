package io.crowdsurf.metrics.domain;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One reported period: its label and the rollup buckets whose sum it is.
 *
 * @param single the period is exactly one bucket (unique visitors are exact only then)
 */
public record Period(String label, LocalDate from, LocalDate to, List<String> buckets, boolean single) {

    public static Period of(DateSpec.Span span) {
        List<String> buckets = DateSpec.buckets(span);
        return new Period(span.label(), span.from(), span.to(), buckets, buckets.size() == 1);
    }

    /**
     * The periods of the REST reports: {@code from}..{@code to} cut into hours, days, weeks, months or years, or
     * one range.
     *
     * @throws IllegalArgumentException for an unknown period, a reversed or too long range
     */
    public static List<Period> cut(String period, LocalDate from, LocalDate to, int max) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' is before 'from'");
        }
        String p = period == null ? "day" : period.toLowerCase(Locale.ROOT);
        List<Period> out = new ArrayList<>();
        if (p.equals("hour")) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                for (int h = 0; h < 24; h++) {
                    LocalDateTime t = d.atTime(h, 0);
                    String key = Level.HOUR.key(t);
                    out.add(new Period(key.substring(1), d, d, List.of(key), true));
                    check(out, max);
                }
            }
            return out;
        }
        if (p.equals("range")) {
            return List.of(of(new DateSpec.Span(null, from, to)));
        }
        Level level = DateSpec.level(p);
        for (LocalDate cur = level.start(from); !cur.isAfter(to); cur = level.end(cur).plusDays(1)) {
            out.add(of(new DateSpec.Span(level, cur, level.end(cur))));
            check(out, max);
        }
        return out;
    }

    private static void check(List<Period> out, int max) {
        if (out.size() > max) {
            throw new IllegalArgumentException("more than " + max + " periods; choose a longer period or a shorter range");
        }
    }
}
