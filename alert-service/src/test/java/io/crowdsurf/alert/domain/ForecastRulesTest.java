package io.crowdsurf.alert.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules: precipitation type per hour, window intersection, reconciliation of found/cancelled. */
class ForecastRulesTest {

    private static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    /** Monday 2025-01-06 00:00 Amsterdam. */
    private static final long MONDAY = LocalDate.of(2025, 1, 6).atStartOfDay(AMS).toEpochSecond();

    /** 48 hourly slots from {@link #MONDAY}; hour i gets code[i] and amounts (rain, showers, snow). */
    private static HourlyForecast forecast(int[] code, double[] rain, double[] snow) {
        int n = code.length;
        long[] time = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = MONDAY + i * 3600L;
        }
        double[] showers = new double[n];
        double[] precipitation = new double[n];
        for (int i = 0; i < n; i++) {
            precipitation[i] = rain[i] + snow[i] * 0.7;
        }
        int[] cloud = new int[n];
        Arrays.fill(cloud, 20);
        return new HourlyForecast("Europe/Amsterdam", Instant.ofEpochSecond(MONDAY), time, precipitation, rain, showers,
                snow, code, cloud, cloud, new int[n]);
    }

    @Test
    void sleetIsFreezingPrecipitationOrSnowWithRain() {
        // Slot i takes amounts and code of time[i + 1].
        int[] code = {0, 66, 73, 61, 0, 0};
        double[] rain = {0, 0, 0, 1.2, 0.4, 0};
        double[] snow = {0, 0, 0.8, 0, 0.3, 0};
        HourlyForecast f = forecast(code, rain, snow);
        assertThat(f.slots()).isEqualTo(5);
        assertThat(f.precipitationType(0)).isEqualTo(PrecipitationType.SLEET); // freezing rain code 66
        assertThat(f.precipitationType(1)).isEqualTo(PrecipitationType.SNOW);
        assertThat(f.precipitationType(2)).isEqualTo(PrecipitationType.RAIN);
        assertThat(f.precipitationType(3)).isEqualTo(PrecipitationType.SLEET); // rain and snow in the same hour
        assertThat(f.precipitationType(4)).isEqualTo(PrecipitationType.NONE);
    }

    @Test
    void windowsAreTheIntersectionOfWeatherAndWeekday() {
        int n = 49;
        int[] code = new int[n];
        double[] rain = new double[n];
        double[] snow = new double[n];
        // Snow in slots 20..25 (Monday 20:00 to Tuesday 02:00) — the weekday condition cuts it at midnight.
        for (int i = 21; i <= 26; i++) {
            snow[i] = 1;
            code[i] = 73;
        }
        HourlyForecast f = forecast(code, rain, snow);
        Conditions tuesdaySnow = new Conditions(Set.of(), Set.of(), Set.of(DayOfWeek.TUESDAY),
                Set.of(PrecipitationType.SNOW), null, null, null, 48, 30);
        SunPhases noSun = new SunPhases(MONDAY, MONDAY + 48 * 3600, Map.of());
        List<Window> windows = WindowFinder.find(tuesdaySnow, noSun, f, AMS, Instant.ofEpochSecond(MONDAY));
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).start()).isEqualTo(Instant.ofEpochSecond(MONDAY + 24 * 3600));
        assertThat(windows.get(0).end()).isEqualTo(Instant.ofEpochSecond(MONDAY + 26 * 3600));

        Conditions anySnowLong = new Conditions(Set.of(), Set.of(), Set.of(), Set.of(PrecipitationType.SNOW), 0.5, 2.0,
                30, 48, 7 * 60);
        assertThat(WindowFinder.find(anySnowLong, noSun, f, AMS, Instant.ofEpochSecond(MONDAY))).isEmpty();
        Conditions cloudy = new Conditions(Set.of(), Set.of(), Set.of(), Set.of(PrecipitationType.SNOW), null, null, 10,
                48, 0);
        assertThat(WindowFinder.find(cloudy, noSun, f, AMS, Instant.ofEpochSecond(MONDAY))).isEmpty();
    }

    @Test
    void goldenHourAndSnowMeetOnlyWhereBothHold() {
        long from = MONDAY;
        SunPhases sun = SunCalculator.compute(52.37, 4.9, from, from + 48 * 3600);
        long[] evening = sun.of(Phase.EVENING_GOLDEN_HOUR).get(0);
        int n = 49;
        int[] code = new int[n];
        double[] snow = new double[n];
        for (int i = 1; i < n; i++) {
            snow[i] = 1;
            code[i] = 73;
        }
        HourlyForecast f = forecast(code, new double[n], snow);
        Conditions c = new Conditions(Set.of(Phase.EVENING_GOLDEN_HOUR), Set.of(), Set.of(), Set.of(PrecipitationType.SNOW),
                null, null, null, 24, 0);
        List<Window> windows = WindowFinder.find(c, sun, f, AMS, Instant.ofEpochSecond(from));
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).start().getEpochSecond()).isEqualTo(evening[0]);
        assertThat(windows.get(0).phase()).isEqualTo("evening-golden-hour");
    }

    @Test
    void reconciliationFindsOnceCancelsOnceAndForgetsThePast() {
        Instant now = Instant.ofEpochSecond(MONDAY);
        Window a = new Window(now.plusSeconds(3600), now.plusSeconds(7200), "any");
        Window b = new Window(now.plusSeconds(20_000), now.plusSeconds(23_600), "any");
        Reconciliation first = Reconciliation.of("x", List.of(), List.of(a, b), now);
        assertThat(first.found()).hasSize(2);
        assertThat(first.cancelled()).isEmpty();

        // Same windows, edges moved a little: nothing new.
        Window aMoved = new Window(a.start().plusSeconds(600), a.end().plusSeconds(600), "any");
        Reconciliation rerun = Reconciliation.of("x", first.notified(), List.of(aMoved, b), now);
        assertThat(rerun.changed()).isFalse();

        // b is gone: cancelled once; then it stays gone without another cancellation.
        Reconciliation gone = Reconciliation.of("x", first.notified(), List.of(a), now);
        assertThat(gone.cancelled()).extracting(Notified::opportunityId).containsExactly("x:" + b.start().getEpochSecond());
        assertThat(Reconciliation.of("x", gone.notified(), List.of(a), now).changed()).isFalse();

        // After a has ended it is forgotten silently.
        Reconciliation later = Reconciliation.of("x", gone.notified(), List.of(), now.plusSeconds(8000));
        assertThat(later.cancelled()).isEmpty();
        assertThat(later.notified()).isEmpty();
    }

    @Test
    void aWindowUnderWayIsNotCancelledBecauseLessOfItIsLeft() {
        int n = 49;
        int[] code = new int[n];
        double[] snow = new double[n];
        for (int i = 1; i <= 2; i++) { // slot 0 and 1: snow from MONDAY to MONDAY + 2 h
            snow[i] = 1;
            code[i] = 73;
        }
        HourlyForecast f = forecast(code, new double[n], snow);
        Conditions twoHours = new Conditions(Set.of(), Set.of(), Set.of(), Set.of(PrecipitationType.SNOW), null, null,
                null, 48, 120);
        SunPhases noSun = new SunPhases(MONDAY, MONDAY + 48 * 3600, Map.of());
        List<Window> atStart = WindowFinder.find(twoHours, noSun, f, AMS, Instant.ofEpochSecond(MONDAY));
        List<Window> halfWay = WindowFinder.find(twoHours, noSun, f, AMS, Instant.ofEpochSecond(MONDAY + 3600));
        assertThat(atStart).hasSize(1);
        assertThat(halfWay).containsExactlyElementsOf(atStart);
        assertThat(WindowFinder.find(twoHours, noSun, f, AMS, Instant.ofEpochSecond(MONDAY + 2 * 3600))).isEmpty();
    }

    @Test
    void cellsAreATenthOfADegree() {
        Cell c = Cell.of(52.3676, 4.9041);
        assertThat(c.key()).isEqualTo("523:49");
        assertThat(c.centerLatitude()).isEqualTo(52.35);
        assertThat(c.centerLongitude()).isEqualTo(4.95);
        assertThat(Cell.of(-33.87, -151.21).key()).isEqualTo("-339:-1513");
        assertThat(Cell.parse("-339:-1513").centerLongitude()).isEqualTo(-151.25);
    }
    @Test
    void theCodeSwitchesAreTheDocumentedSets() {
        for (int code = -1; code <= 100; code++) {
            assertThat(HourlyForecast.freezing(code)).as("freezing %d", code).isEqualTo(HourlyForecast.FREEZING.contains(code));
            assertThat(HourlyForecast.snowCode(code)).as("snow %d", code).isEqualTo(HourlyForecast.SNOW.contains(code));
            assertThat(HourlyForecast.rainCode(code)).as("rain %d", code).isEqualTo(HourlyForecast.RAIN.contains(code));
        }
    }

    /** One finder per cell, its selections memoised, gives every alert the windows a fresh find gives. */
    @Test
    void aCellsFinderGivesTheWindowsOfFreshFinds() {
        int n = 8 * 24 + 1;
        int[] code = new int[n];
        double[] rain = new double[n];
        double[] snow = new double[n];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(10);
            code[i] = k < 5 ? 0 : k < 7 ? 61 : k < 8 ? 73 : k < 9 ? 66 : 3;
            rain[i] = k == 5 || k == 6 ? 0.3 * k : 0;
            snow[i] = k == 7 ? 0.5 : 0;
        }
        HourlyForecast f = forecast(code, rain, snow);
        Instant now = Instant.ofEpochSecond(MONDAY + 5400);
        SunPhases sun = SunCalculator.compute(52.35, 4.95, now.getEpochSecond() - 3600, now.getEpochSecond() + 168 * 3600L);
        List<Conditions> all = List.of(
                new Conditions(Set.of(Phase.MORNING_GOLDEN_HOUR, Phase.EVENING_GOLDEN_HOUR), null, null, null, null, null, null, 48, 0),
                new Conditions(Set.of(Phase.EVENING_GOLDEN_HOUR), null, null, Set.of(PrecipitationType.NONE), null, null, 20, 168, 0),
                new Conditions(Set.of(Phase.SUNRISE, Phase.SUNSET), null, null, Set.of(PrecipitationType.NONE), null, null, 40, 48, 0),
                new Conditions(null, null, null, Set.of(PrecipitationType.SNOW, PrecipitationType.SLEET), null, null, null, 168, 60),
                new Conditions(null, null, null, Set.of(PrecipitationType.RAIN), 0.5, 4.0, null, 48, 0),
                new Conditions(null, null, null, Set.of(PrecipitationType.RAIN), 0.5, 4.0, null, 168, 0),
                new Conditions(Set.of(Phase.NOON), null, Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), null, null, null, null, 168, 0),
                new Conditions(null, Set.of(Phase.NIGHT), null, Set.of(PrecipitationType.NONE), null, null, 10, 48, 0),
                new Conditions(null, Set.of(Phase.CIVIL_TWILIGHT, Phase.NAUTICAL_TWILIGHT), Set.of(DayOfWeek.FRIDAY), null, null,
                        null, null, 168, 0),
                new Conditions(null, Set.of(Phase.CIVIL_TWILIGHT, Phase.NAUTICAL_TWILIGHT), Set.of(DayOfWeek.FRIDAY), null, null,
                        null, null, 48, 30));
        WindowFinder.ForCell finder = new WindowFinder.ForCell(sun, f);
        int windows = 0;
        for (int round = 0; round < 2; round++) {
            for (Conditions c : all) {
                List<Window> fresh = WindowFinder.find(c, sun, f, AMS, now);
                assertThat(finder.find(c, AMS, now)).as("%s", c).isEqualTo(fresh);
                windows += fresh.size();
            }
        }
        assertThat(windows).isGreaterThan(20);
    }
}
