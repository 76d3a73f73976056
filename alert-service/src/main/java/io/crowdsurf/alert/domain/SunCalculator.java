package io.crowdsurf.alert.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.shredzone.commons.suncalc.SunPosition;
import org.shredzone.commons.suncalc.util.JulianDate;
import org.shredzone.commons.suncalc.util.Matrix;
import org.shredzone.commons.suncalc.util.Sun;
import org.shredzone.commons.suncalc.util.Vector;

/**
 * Computes the sun phases of a place from the sun's altitude (commons-suncalc {@link SunPosition}, geometric
 * altitude of the sun's centre, no refraction). Robust for polar day and night by construction: it samples the
 * altitude every {@value #STEP_SECONDS} s, finds where it crosses each boundary angle (regula falsi, to about a
 * second) and where it culminates (parabola through three samples), and classifies the pieces in between by
 * altitude and direction. No crossing
 * at all (midnight sun, polar night) simply gives a whole-span or an empty interval — never an exception.
 *
 * <p>The altitude is {@link SunPosition}'s {@code getTrueAltitude()} to the bit, computed in two parts: where the sun
 * stands as seen from the Earth's centre at a moment (commons-suncalc's {@code Sun.position} and the sidereal time —
 * the costly part, the same for every place) is an {@link Ephemeris}, memoised per epoch second and shared by all
 * cells of a batch (their sample grids share the instants whenever their look-backs agree); the turn to one place's
 * horizon (the same {@code ExtendedMath.equatorialToHorizontal} rotation, its matrix built once per place) is done
 * per cell. {@code SunCalculatorTest} holds the two to the same doubles.
 *
 * <table>
 * <caption>Angles (h = the sun centre's altitude)</caption>
 * <tr><td>sunrise / sunset</td><td>h crosses −0.833° (rising / setting); window ±{@value #SUNRISE_HALF_MINUTES} min</td></tr>
 * <tr><td>noon</td><td>the day's highest altitude (upper culmination); window ±{@value #NOON_HALF_MINUTES} min</td></tr>
 * <tr><td>golden hour</td><td>−4° ≤ h &lt; +6°, morning while rising, evening while setting</td></tr>
 * <tr><td>blue hour</td><td>−6° ≤ h &lt; −4°, morning / evening likewise</td></tr>
 * <tr><td>civil twilight</td><td>−6° ≤ h &lt; −0.833°</td></tr>
 * <tr><td>nautical twilight</td><td>−12° ≤ h &lt; −6°</td></tr>
 * <tr><td>astronomical twilight</td><td>−18° ≤ h &lt; −12°</td></tr>
 * <tr><td>night</td><td>h &lt; −18°</td></tr>
 * </table>
 */
public final class SunCalculator {

    public static final double HORIZON = -0.833;
    public static final double GOLDEN_TOP = 6;
    public static final double BLUE_TOP = -4;
    public static final double CIVIL = -6;
    public static final double NAUTICAL = -12;
    public static final double ASTRONOMICAL = -18;
    static final double[] BOUNDARIES = {GOLDEN_TOP, HORIZON, BLUE_TOP, CIVIL, NAUTICAL, ASTRONOMICAL};
    static final int STEP_SECONDS = 600;
    static final int SUNRISE_HALF_MINUTES = 15;
    static final int NOON_HALF_MINUTES = 30;

    private SunCalculator() {
    }

    /** Phases over {@code [from, to)} (epoch seconds) at the given place. */
    public static SunPhases compute(double latitude, double longitude, long from, long to) {
        return compute(latitude, longitude, from, to, new Ephemeris());
    }

    /** Phases over {@code [from, to)} (epoch seconds) at the given place, reusing {@code sky}'s positions. */
    public static SunPhases compute(double latitude, double longitude, long from, long to, Ephemeris sky) {
        Altitude alt = altitude(latitude, longitude, sky);

        long start = from - STEP_SECONDS;
        int n = (int) ((to - start) / STEP_SECONDS) + 2;
        long[] t = new long[n];
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = start + (long) k * STEP_SECONDS;
            a[k] = alt.at(t[k]);
        }
        TreeSet<Long> cuts = new TreeSet<>();
        cuts.add(from);
        cuts.add(to);
        List<Long> rises = new ArrayList<>();
        List<Long> sets = new ArrayList<>();
        List<Long> noons = new ArrayList<>();
        for (int k = 0; k + 1 < n; k++) {
            for (double b : BOUNDARIES) {
                boolean up = a[k] < b && a[k + 1] >= b;
                boolean down = a[k] >= b && a[k + 1] < b;
                if (up || down) {
                    long c = crossing(alt, t[k], a[k], t[k + 1], a[k + 1], b);
                    cuts.add(c);
                    if (b == HORIZON) {
                        (up ? rises : sets).add(c);
                    }
                }
            }
            if (k > 0) {
                double before = a[k] - a[k - 1];
                double after = a[k + 1] - a[k];
                if (before > 0 && after <= 0) {
                    long c = vertex(t[k], a[k - 1], a[k], a[k + 1]);
                    cuts.add(c);
                    noons.add(c);
                } else if (before < 0 && after >= 0) {
                    cuts.add(vertex(t[k], a[k - 1], a[k], a[k + 1]));
                }
            }
        }
        Map<Phase, List<long[]>> out = new EnumMap<>(Phase.class);
        Long previous = null;
        for (long cut : cuts.subSet(from, true, to, true)) {
            if (previous != null && cut > previous) {
                // Between two cuts the sun stays in one band and moves one way: the samples tell which.
                long mid = (previous + cut) / 2;
                int k = (int) Math.min(n - 2, Math.max(0, (mid - start) / STEP_SECONDS));
                double f = (mid - t[k]) / (double) STEP_SECONDS;
                double h = a[k] + f * (a[k + 1] - a[k]);
                boolean rising = a[k + 1] > a[k];
                for (Phase p : Phase.values()) {
                    if (inBand(p, h, rising)) {
                        out.computeIfAbsent(p, x -> new ArrayList<>()).add(Intervals.of(previous, cut));
                    }
                }
            }
            previous = cut;
        }
        points(out, Phase.SUNRISE, rises, SUNRISE_HALF_MINUTES * 60L, from, to);
        points(out, Phase.SUNSET, sets, SUNRISE_HALF_MINUTES * 60L, from, to);
        points(out, Phase.NOON, noons, NOON_HALF_MINUTES * 60L, from, to);
        out.replaceAll((p, list) -> Intervals.normalize(list));
        return new SunPhases(from, to, out);
    }

    static boolean inBand(Phase p, double h, boolean rising) {
        return switch (p) {
            case MORNING_GOLDEN_HOUR -> rising && h >= BLUE_TOP && h < GOLDEN_TOP;
            case EVENING_GOLDEN_HOUR -> !rising && h >= BLUE_TOP && h < GOLDEN_TOP;
            case MORNING_BLUE_HOUR -> rising && h >= CIVIL && h < BLUE_TOP;
            case EVENING_BLUE_HOUR -> !rising && h >= CIVIL && h < BLUE_TOP;
            case CIVIL_TWILIGHT -> h >= CIVIL && h < HORIZON;
            case NAUTICAL_TWILIGHT -> h >= NAUTICAL && h < CIVIL;
            case ASTRONOMICAL_TWILIGHT -> h >= ASTRONOMICAL && h < NAUTICAL;
            case NIGHT -> h < ASTRONOMICAL;
            case NOON, SUNRISE, SUNSET -> false;
        };
    }

    private static void points(Map<Phase, List<long[]>> out, Phase phase, List<Long> at, long half, long from, long to) {
        for (long c : at) {
            long s = Math.max(from, c - half);
            long e = Math.min(to, c + half);
            if (e > s) {
                out.computeIfAbsent(phase, x -> new ArrayList<>()).add(Intervals.of(s, e));
            }
        }
    }

    /**
     * Where the altitude crosses {@code b} between two samples: regula falsi — linear interpolation, then twice
     * more on the side that still brackets the crossing (the altitude is smooth, so this lands within a second).
     */
    private static long crossing(Altitude alt, long t0, double a0, long t1, double a1, double b) {
        for (int i = 0; i < 2 && t1 - t0 > 2; i++) {
            long tm = Math.max(t0 + 1, Math.min(t1 - 1, Math.round(t0 + (b - a0) * (t1 - t0) / (a1 - a0))));
            double am = alt.once(tm);
            if ((am < b) == (a0 < b)) {
                t0 = tm;
                a0 = am;
            } else {
                t1 = tm;
                a1 = am;
            }
        }
        return Math.round(t0 + (b - a0) * (t1 - t0) / (a1 - a0));
    }

    /** The vertex of the parabola through three equally spaced samples around {@code tk}: a culmination. */
    private static long vertex(long tk, double before, double at, double after) {
        double denominator = before - 2 * at + after;
        double offset = denominator == 0 ? 0 : 0.5 * (before - after) / denominator;
        return tk + Math.round(Math.max(-1, Math.min(1, offset)) * STEP_SECONDS);
    }

    /**
     * The sun's true altitude (degrees) at a place: {@code SunPosition.compute().at(latitude, longitude).on(t)
     * .execute().getTrueAltitude()}, term for term — {@code Sun.positionHorizontal} is the geocentric position
     * turned by the hour angle (sidereal time + longitude − right ascension) and tilted by the co-latitude.
     */
    static Altitude altitude(double latitude, double longitude, Ephemeris sky) {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("no place at " + latitude + ", " + longitude);
        }
        return new Altitude(Matrix.rotateY(Math.PI / 2 - Math.toRadians(latitude)), Math.toRadians(longitude), sky);
    }

    /**
     * Where the sun stands as seen from the Earth's centre: per epoch second, the Greenwich mean sidereal time and
     * the sun's right ascension, declination and distance ({@code Sun.position}), computed once and reused by every
     * place asked about the same instant. Not thread-safe: one per batch. The zone is the one {@link SunPosition}
     * uses (the JVM's default; commons-suncalc takes the day of the year for the distance from it).
     */
    public static final class Ephemeris {
        private final ZoneId zone = ZoneId.systemDefault();
        // Open addressing on the epoch second, not a HashMap<Long, …>: the samples are 600 s apart, and Long's hash of
        // such keys fills few buckets (the profile showed HashMap tree bins and boxing as much as the positions' own
        // look-up cost).
        private long[] keys = new long[1024];
        private double[][] values = new double[1024][];
        private int size;

        /** A sample instant, shared by the places of a batch. */
        double[] at(long epochSecond) {
            int mask = keys.length - 1;
            for (int i = slot(epochSecond, mask); ; i = (i + 1) & mask) {
                double[] v = values[i];
                if (v == null) {
                    v = position(epochSecond);
                    keys[i] = epochSecond;
                    values[i] = v;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return v;
                }
                if (keys[i] == epochSecond) {
                    return v;
                }
            }
        }

        private static int slot(long key, int mask) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            double[][] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new double[oldKeys.length * 2][];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldValues[j] != null) {
                    int i = slot(oldKeys[j], mask);
                    while (values[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }

        /** {sidereal time, right ascension, declination, distance}, not remembered (a crossing's own instant). */
        double[] position(long epochSecond) {
            JulianDate jd = new JulianDate(ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone));
            Vector p = Sun.position(jd);
            return new double[] {jd.getGreenwichMeanSiderealTime(), p.getPhi(), p.getTheta(), p.getR()};
        }
    }

    /** The altitude at one place: the sample grid from the shared {@link Ephemeris}, a crossing's refinements not. */
    static final class Altitude {
        private final Matrix horizon;
        private final double longitude;
        private final Ephemeris sky;

        Altitude(Matrix horizon, double longitudeRadians, Ephemeris sky) {
            this.horizon = horizon;
            this.longitude = longitudeRadians;
            this.sky = sky;
        }

        double at(long epochSecond) {
            return of(sky.at(epochSecond));
        }

        double once(long epochSecond) {
            return of(sky.position(epochSecond));
        }

        private double of(double[] p) {
            double hourAngle = p[0] + longitude - p[1];
            return Math.toDegrees(horizon.multiply(Vector.ofPolar(hourAngle, p[2], p[3])).getTheta());
        }
    }
}
