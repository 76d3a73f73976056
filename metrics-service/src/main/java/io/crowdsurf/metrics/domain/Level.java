package io.crowdsurf.metrics.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/**
 * The calendar buckets rollups are kept in, in the site's time zone. Every hit updates one bucket of each
 * level, so a day, a week, a month or a year is always one rollup document per partition, never a sum over
 * smaller ones; a free range is composed of whole years, months and days.
 */
public enum Level {
    HOUR('H'), DAY('D'), WEEK('W'), MONTH('M'), YEAR('Y');

    private static final DateTimeFormatter HOUR_KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    private final char prefix;

    Level(char prefix) {
        this.prefix = prefix;
    }

    public char prefix() {
        return prefix;
    }

    /** The bucket key of a local time, e.g. {@code D2026-12-01}, {@code W2026-11-30} (the Monday), {@code M2026-12}. */
    public String key(LocalDateTime local) {
        return prefix + label(local);
    }

    /** The key without its level prefix. */
    public String label(LocalDateTime local) {
        LocalDate d = local.toLocalDate();
        return switch (this) {
            case HOUR -> HOUR_KEY.format(local);
            case DAY -> d.toString();
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> d.toString().substring(0, 7);
            case YEAR -> d.toString().substring(0, 4);
        };
    }

    /** The first day of the bucket that holds a date (hour: the date itself). */
    public LocalDate start(LocalDate d) {
        return switch (this) {
            case HOUR, DAY -> d;
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> d.withDayOfMonth(1);
            case YEAR -> d.withDayOfYear(1);
        };
    }

    /** The last day of the bucket that holds a date. */
    public LocalDate end(LocalDate d) {
        return switch (this) {
            case HOUR, DAY -> d;
            case WEEK -> start(d).plusDays(6);
            case MONTH -> d.with(TemporalAdjusters.lastDayOfMonth());
            case YEAR -> d.with(TemporalAdjusters.lastDayOfYear());
        };
    }
}
