package io.crowdsurf.alert.client;

/** The forecast provider did not answer usefully after the retries; the cells of that request are skipped. */
public class ForecastUnavailableException extends RuntimeException {

    public ForecastUnavailableException(String message) {
        super(message);
    }
}
