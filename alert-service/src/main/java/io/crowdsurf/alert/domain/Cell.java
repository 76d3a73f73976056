package io.crowdsurf.alert.domain;

import java.util.Locale;

/**
 * A 0.1° × 0.1° grid cell (about 11 km north–south; 7 km east–west at 52°N), the unit of forecast requests
 * and sun computations: every alert in a cell shares one forecast and one set of sun phases, computed at the
 * cell's centre. 0.1° is the resolution of the finer models Open-Meteo serves; sun times differ by less than
 * half a minute across a cell.
 *
 * @param key the cell's id, e.g. {@code 523:49} for the cell whose south-west corner is 52.3°N 4.9°E
 */
public record Cell(String key, int latIndex, int lonIndex) {

    public static final double SIZE_DEGREES = 0.1;

    public static Cell of(double latitude, double longitude) {
        int lat = (int) Math.floor(Math.min(latitude, 89.99) / SIZE_DEGREES);
        int lon = (int) Math.floor(Math.min(longitude, 179.99) / SIZE_DEGREES);
        return new Cell(lat + ":" + lon, lat, lon);
    }

    /** @throws IllegalArgumentException for a key not made by {@link #of} */
    public static Cell parse(String key) {
        String[] parts = key == null ? new String[0] : key.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a cell key: " + key);
        }
        try {
            return new Cell(key, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cell key: " + key, e);
        }
    }

    public double centerLatitude() {
        return round((latIndex + 0.5) * SIZE_DEGREES);
    }

    public double centerLongitude() {
        return round((lonIndex + 0.5) * SIZE_DEGREES);
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", v));
    }
}
