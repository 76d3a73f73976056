package io.crowdsurf.alert.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.shredzone.commons.suncalc.SunPosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sun phases against published sunrise and sunset tables (timeanddate.com / the US Naval Observatory's
 * "Sun and Moon Data", which use the same −0.833° definition), within two minutes, and polar day and night.
 */
class SunCalculatorTest {

    @ParameterizedTest(name = "{0} {3}: sunrise {4}, sunset {5}")
    @CsvSource({
            // place, latitude, longitude, local date, published sunrise, published sunset, zone
            "Amsterdam, 52.3676, 4.9041, 2024-06-21, 05:18, 22:06, Europe/Amsterdam",
            "Amsterdam, 52.3676, 4.9041, 2024-12-21, 08:48, 16:29, Europe/Amsterdam",
            "New York, 40.7128, -74.0060, 2024-06-20, 05:25, 20:31, America/New_York",
            "New York, 40.7128, -74.0060, 2024-12-21, 07:17, 16:32, America/New_York"})
    void sunriseAndSunsetMatchPublishedTables(String place, double lat, double lon, LocalDate date, LocalTime rise,
            LocalTime set, ZoneId zone) {
        long from = date.atStartOfDay(zone).toEpochSecond();
        long to = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
        SunPhases phases = SunCalculator.compute(lat, lon, from, to);

        assertThat(phases.of(Phase.SUNRISE)).hasSize(1);
        assertThat(phases.of(Phase.SUNSET)).hasSize(1);
        Instant sunrise = middle(phases.of(Phase.SUNRISE).get(0));
        Instant sunset = middle(phases.of(Phase.SUNSET).get(0));
        assertWithinTwoMinutes(sunrise, ZonedDateTime.of(date, rise, zone).toInstant());
        assertWithinTwoMinutes(sunset, ZonedDateTime.of(date, set, zone).toInstant());

        // Golden hour ends (morning) where the sun reaches +6°, after sunrise; blue hour precedes golden hour.
        long[] morningGolden = phases.of(Phase.MORNING_GOLDEN_HOUR).get(0);
        long[] morningBlue = phases.of(Phase.MORNING_BLUE_HOUR).get(0);
        assertThat(morningBlue[1]).isEqualTo(morningGolden[0]);
        assertThat(morningGolden[1]).isGreaterThan(sunrise.getEpochSecond());
        long[] eveningGolden = phases.of(Phase.EVENING_GOLDEN_HOUR).get(0);
        assertThat(eveningGolden[0]).isLessThan(sunset.getEpochSecond());
        assertThat(phases.of(Phase.NOON)).hasSize(1);
    }

    @Test
    void midsummerNorthOfTheArcticCircleHasNoSunsetAndNoNight() {
        // Longyearbyen, Svalbard: midnight sun from April to August.
        ZoneId zone = ZoneId.of("Arctic/Longyearbyen");
        long from = LocalDate.of(2025, 6, 21).atStartOfDay(zone).toEpochSecond();
        SunPhases phases = SunCalculator.compute(78.2232, 15.6267, from, from + 48 * 3600);
        assertThat(phases.of(Phase.SUNRISE)).isEmpty();
        assertThat(phases.of(Phase.SUNSET)).isEmpty();
        assertThat(phases.of(Phase.NIGHT)).isEmpty();
        assertThat(phases.of(Phase.CIVIL_TWILIGHT)).isEmpty();
        assertThat(phases.of(Phase.NOON)).hasSize(2);
    }

    @Test
    void midwinterNorthOfTheArcticCircleIsDarkAllDay() {
        ZoneId zone = ZoneId.of("Arctic/Longyearbyen");
        long from = LocalDate.of(2025, 12, 21).atStartOfDay(zone).toEpochSecond();
        SunPhases phases = SunCalculator.compute(78.2232, 15.6267, from, from + 24 * 3600);
        assertThat(phases.of(Phase.SUNRISE)).isEmpty();
        assertThat(phases.of(Phase.MORNING_GOLDEN_HOUR)).isEmpty();
        assertThat(phases.of(Phase.CIVIL_TWILIGHT)).isEmpty();
        // Noon altitude there is about −11.4°: nautical twilight around noon, night or astronomical otherwise.
        assertThat(phases.of(Phase.NAUTICAL_TWILIGHT)).isNotEmpty();
        long covered = 0;
        for (Phase p : List.of(Phase.NAUTICAL_TWILIGHT, Phase.ASTRONOMICAL_TWILIGHT, Phase.NIGHT)) {
            covered += phases.of(p).stream().mapToLong(i -> i[1] - i[0]).sum();
        }
        assertThat(covered).isEqualTo(24 * 3600);
    }

    @Test
    void farNorthAtMidwinterIsOneWholeDayOfNight() {
        // 89°N: the sun stays near −23°, below −18° all day and night.
        long from = LocalDate.of(2025, 12, 21).atStartOfDay(ZoneId.of("UTC")).toEpochSecond();
        SunPhases phases = SunCalculator.compute(89.0, 0.0, from, from + 24 * 3600);
        assertThat(phases.of(Phase.NIGHT)).hasSize(1);
        assertThat(phases.of(Phase.NIGHT).get(0)).containsExactly(from, from + 24 * 3600);
    }

    @Test
    void altitudeIsSunPositionsTrueAltitudeToTheBit() {
        SunCalculator.Ephemeris sky = new SunCalculator.Ephemeris();
        double[][] places = {{52.35, 4.95}, {40.75, -74.05}, {78.25, 15.65}, {-33.85, 151.25}, {0.05, -179.95},
                {89.95, 0.05}, {-89.95, 179.95}, {64.15, -21.95}};
        long from = LocalDate.of(2025, 1, 1).atStartOfDay(ZoneId.of("UTC")).toEpochSecond();
        int compared = 0;
        int different = 0;
        for (double[] place : places) {
            SunPosition.Parameters reference = SunPosition.compute().at(place[0], place[1]);
            SunCalculator.Altitude altitude = SunCalculator.altitude(place[0], place[1], sky);
            // Odd steps through a year and a half: every hour angle, every season, instants shared by all places.
            for (long t = from; t < from + 540L * 86400; t += 4507) {
                double expected = reference.on(Instant.ofEpochSecond(t)).execute().getTrueAltitude();
                compared++;
                if (Double.doubleToLongBits(altitude.at(t)) != Double.doubleToLongBits(expected)
                        || Double.doubleToLongBits(altitude.once(t + 1)) != Double.doubleToLongBits(
                                reference.on(Instant.ofEpochSecond(t + 1)).execute().getTrueAltitude())) {
                    different++;
                }
            }
        }
        assertThat(compared).isGreaterThan(80_000);
        assertThat(different).isZero();
    }

    @Test
    void phasesWithASharedEphemerisAreThePhasesOfEachPlaceAlone() {
        SunCalculator.Ephemeris sky = new SunCalculator.Ephemeris();
        long now = LocalDate.of(2026, 3, 20).atStartOfDay(ZoneId.of("UTC")).toEpochSecond() + 7 * 3600 + 1234;
        for (double[] place : new double[][] {{52.35, 4.95}, {52.45, 4.95}, {40.75, -74.05}, {69.65, 18.95}}) {
            for (int lookbackMinutes : new int[] {0, 20, 45}) {
                long from = now - lookbackMinutes * 60L;
                long to = now + 7 * 24 * 3600L;
                assertThat(render(SunCalculator.compute(place[0], place[1], from, to, sky)))
                        .isEqualTo(render(SunCalculator.compute(place[0], place[1], from, to)));
            }
        }
    }

    private static Map<Phase, List<List<Long>>> render(SunPhases phases) {
        Map<Phase, List<List<Long>>> out = new java.util.EnumMap<>(Phase.class);
        phases.intervals().forEach((p, list) -> out.put(p, list.stream().map(i -> List.of(i[0], i[1])).toList()));
        return out;
    }

    private static Instant middle(long[] interval) {
        return Instant.ofEpochSecond((interval[0] + interval[1]) / 2);
    }

    private static void assertWithinTwoMinutes(Instant actual, Instant expected) {
        assertThat(Duration.between(expected, actual).abs()).as("computed %s, published %s", actual, expected)
                .isLessThanOrEqualTo(Duration.ofMinutes(2));
    }
}
