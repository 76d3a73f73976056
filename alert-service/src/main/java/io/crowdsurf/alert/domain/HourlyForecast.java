package io.crowdsurf.alert.domain;

import java.time.Instant;
import java.util.Set;

/**
 * One grid cell's hourly forecast, in Open-Meteo's terms ({@code timeformat=unixtime}). Hour slot {@code i}
 * is {@code [time[i], time[i] + 1 h)}: its instant values (weather code, cloud cover, is_day) are those at
 * {@code time[i]}, its amounts (precipitation, rain, showers, snowfall — "sum of the preceding hour") those at
 * {@code time[i + 1]}. So the last timestamp closes the forecast and opens no slot. Missing values are NaN / −1.
 *
 * @param timezone the IANA zone Open-Meteo derived from the coordinates ({@code timezone=auto})
 * @param fetchedAt when this forecast was fetched (decides whether a run may reuse it)
 */
public record HourlyForecast(
        String timezone,
        Instant fetchedAt,
        long[] time,
        double[] precipitation,
        double[] rain,
        double[] showers,
        double[] snowfall,
        int[] weatherCode,
        int[] cloudCoverLow,
        int[] cloudCover,
        int[] isDay) {

    /** WMO 4677 codes Open-Meteo reports for freezing drizzle (56, 57) and freezing rain (66, 67). */
    static final Set<Integer> FREEZING = Set.of(56, 57, 66, 67);
    /** WMO codes for snow fall, snow grains and snow showers. */
    static final Set<Integer> SNOW = Set.of(71, 73, 75, 77, 85, 86);
    /** WMO codes for drizzle, rain, rain showers and thunderstorms. */
    static final Set<Integer> RAIN = Set.of(51, 53, 55, 61, 63, 65, 80, 81, 82, 95, 96, 99);

    public int slots() {
        return Math.max(0, time.length - 1);
    }

    public long slotStart(int i) {
        return time[i];
    }

    /** mm in the slot (rain + showers + snowfall as water), NaN when unknown. */
    public double precipitationMm(int i) {
        return precipitation[i + 1];
    }

    public int lowCloud(int i) {
        return cloudCoverLow[i];
    }

    /**
     * What falls in slot {@code i}:
     * <ul>
     * <li><b>sleet</b>: a freezing drizzle or freezing rain code (56, 57, 66, 67), or snow and liquid together —
     * {@code snowfall > 0} and {@code rain + showers > 0} in the same hour (WMO's "rain and snow mixed" has no
     * code of its own in Open-Meteo's set);</li>
     * <li><b>snow</b>: otherwise {@code snowfall > 0}, or a snow code (71–77, 85, 86);</li>
     * <li><b>rain</b>: otherwise {@code rain + showers > 0}, or a drizzle/rain/shower/thunderstorm code;</li>
     * <li><b>none</b>: otherwise.</li>
     * </ul>
     */
    public PrecipitationType precipitationType(int i) {
        int code = weatherCode[i + 1] >= 0 ? weatherCode[i + 1] : weatherCode[i];
        double liquid = positive(rain[i + 1]) + positive(showers[i + 1]);
        double snow = positive(snowfall[i + 1]);
        // Switches on the code, not the sets' contains (a boxed look-up per hour and alert before the per-cell memo).
        if (freezing(code) || (snow > 0 && liquid > 0)) {
            return PrecipitationType.SLEET;
        }
        if (snow > 0 || snowCode(code)) {
            return PrecipitationType.SNOW;
        }
        if (liquid > 0 || rainCode(code)) {
            return PrecipitationType.RAIN;
        }
        return PrecipitationType.NONE;
    }

    /** {@link #FREEZING} as a switch. */
    static boolean freezing(int code) {
        return switch (code) {
            case 56, 57, 66, 67 -> true;
            default -> false;
        };
    }

    /** {@link #SNOW} as a switch. */
    static boolean snowCode(int code) {
        return switch (code) {
            case 71, 73, 75, 77, 85, 86 -> true;
            default -> false;
        };
    }

    /** {@link #RAIN} as a switch. */
    static boolean rainCode(int code) {
        return switch (code) {
            case 51, 53, 55, 61, 63, 65, 80, 81, 82, 95, 96, 99 -> true;
            default -> false;
        };
    }

    private static double positive(double v) {
        return Double.isNaN(v) || v < 0 ? 0 : v;
    }
}
