package io.crowdsurf.alert.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Cell;
import io.crowdsurf.alert.domain.HourlyForecast;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Open-Meteo's forecast API ({@code GET /v1/forecast}): many grid cells per request as comma-separated
 * {@code latitude}/{@code longitude} lists (the answer is then a JSON array in the same order), the hourly
 * variables the conditions need, {@code timeformat=unixtime} and {@code timezone=auto} (each location's IANA zone
 * comes back in {@code timezone}). 429, 5xx and network errors are retried with exponential backoff (a 429's
 * {@code Retry-After} is honoured up to 10 s); after the last attempt the request's cells are unavailable.
 */
@ApplicationScoped
public class OpenMeteoClient {

    private static final Logger LOG = Logger.getLogger(OpenMeteoClient.class);
    static final String HOURLY = "precipitation,rain,showers,snowfall,weather_code,cloud_cover_low,cloud_cover,is_day";

    private final HttpClient http;
    private final ObjectMapper json;
    private final AlertConfig config;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final MeterRegistry registry;

    public OpenMeteoClient(ObjectMapper json, AlertConfig config, Clock clock, MeterRegistry registry) {
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
        registry.more().counter("alert_forecast_requests", List.of(), requests);
    }

    /** HTTP requests sent so far, retries included. */
    public long requestsSent() {
        return requests.get();
    }

    /**
     * The forecasts of these cells, in their order.
     *
     * @throws ForecastUnavailableException after the retries, or for an answer that is not a forecast
     */
    public List<HourlyForecast> fetch(List<Cell> cells) {
        URI uri = uri(cells);
        Duration backoff = config.forecastBackoff();
        String last = "no attempt";
        for (int attempt = 1; attempt <= config.forecastAttempts(); attempt++) {
            HttpResponse<byte[]> response;
            try {
                requests.incrementAndGet();
                response = http.send(HttpRequest.newBuilder(uri).timeout(config.httpTimeout()).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = "network error: " + e.getMessage();
                registry.counter("alert_forecast_failures_total", "reason", "network").increment();
                sleep(backoff, attempt);
                backoff = backoff.multipliedBy(2);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ForecastUnavailableException("interrupted");
            }
            int status = response.statusCode();
            if (status == 200) {
                return parse(response.body(), cells.size());
            }
            last = "HTTP " + status;
            registry.counter("alert_forecast_failures_total", "reason", String.valueOf(status)).increment();
            if (status != 429 && status < 500) {
                throw new ForecastUnavailableException("Open-Meteo refused the request: " + last + " "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            Duration wait = status == 429 ? retryAfter(response).orElse(backoff) : backoff;
            sleep(wait, attempt);
            backoff = backoff.multipliedBy(2);
        }
        throw new ForecastUnavailableException("Open-Meteo unavailable after " + config.forecastAttempts()
                + " attempts: " + last);
    }

    URI uri(List<Cell> cells) {
        StringBuilder lat = new StringBuilder();
        StringBuilder lon = new StringBuilder();
        for (Cell c : cells) {
            lat.append(lat.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.2f", c.centerLatitude()));
            lon.append(lon.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.2f", c.centerLongitude()));
        }
        return URI.create(config.openMeteoUrl().replaceAll("/+$", "") + "/v1/forecast?latitude=" + lat + "&longitude="
                + lon + "&hourly=" + HOURLY + "&timezone=auto&timeformat=unixtime&forecast_days=" + config.forecastDays());
    }

    private List<HourlyForecast> parse(byte[] body, int expected) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ForecastUnavailableException("Open-Meteo answered something that is not JSON");
        }
        List<JsonNode> locations = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(locations::add);
        } else if (root != null && root.isObject()) {
            locations.add(root);
        }
        if (locations.size() != expected) {
            throw new ForecastUnavailableException("Open-Meteo answered " + locations.size() + " locations for "
                    + expected);
        }
        List<HourlyForecast> out = new ArrayList<>(expected);
        for (JsonNode location : locations) {
            JsonNode hourly = location.path("hourly");
            JsonNode time = hourly.path("time");
            if (!time.isArray() || time.isEmpty()) {
                throw new ForecastUnavailableException("Open-Meteo answered a location without hourly.time");
            }
            int n = time.size();
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = time.get(i).asLong();
            }
            out.add(new HourlyForecast(location.path("timezone").asText("UTC"), clock.instant(), t,
                    doubles(hourly, "precipitation", n), doubles(hourly, "rain", n), doubles(hourly, "showers", n),
                    doubles(hourly, "snowfall", n), ints(hourly, "weather_code", n), ints(hourly, "cloud_cover_low", n),
                    ints(hourly, "cloud_cover", n), ints(hourly, "is_day", n)));
        }
        return out;
    }

    private static double[] doubles(JsonNode hourly, String field, int n) {
        double[] out = new double[n];
        JsonNode a = hourly.path(field);
        for (int i = 0; i < n; i++) {
            JsonNode v = a.path(i);
            out[i] = v.isNumber() ? v.asDouble() : Double.NaN;
        }
        return out;
    }

    private static int[] ints(JsonNode hourly, String field, int n) {
        int[] out = new int[n];
        JsonNode a = hourly.path(field);
        for (int i = 0; i < n; i++) {
            JsonNode v = a.path(i);
            out[i] = v.isNumber() ? (int) Math.round(v.asDouble()) : -1;
        }
        return out;
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.min(10, Math.max(0, Long.parseLong(v.trim())))));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private void sleep(Duration d, int attempt) {
        if (attempt >= config.forecastAttempts()) {
            return;
        }
        LOG.debugf("forecast attempt %d failed; retrying in %s", attempt, d);
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForecastUnavailableException("interrupted");
        }
    }
}
