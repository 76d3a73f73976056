package io.crowdsurf.alert.domain;

/**
 * Where the photographer wants to be.
 *
 * @param timeZone the IANA zone given by the owner, or null: then the forecast provider's zone for the
 *                 coordinates is used (Open-Meteo's {@code timezone=auto}), learned on the first evaluation
 */
public record Location(double latitude, double longitude, String name, String timeZone) {

    public Cell cell() {
        return Cell.of(latitude, longitude);
    }
}
