package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Open-Meteo's forecast API ({@code GET /v1/forecast}), answering in the documented shape:
 * one location → one JSON object, comma-separated {@code latitude}/{@code longitude} lists → a JSON array in the
 * same order; each with {@code latitude, longitude, generationtime_ms, utc_offset_seconds, timezone,
 * timezone_abbreviation, elevation, hourly_units, hourly} and {@code hourly.time} in unix seconds
 * ({@code timeformat=unixtime}), {@code forecast_days × 24} hours from today's 00:00 UTC. The weather of every
 * hour comes from a function the test sets; failures (429, 5xx) can be scripted. Records every request.
 * Runs alone too ({@code main}: port, default 8090) for the laptop walk-through and the benchmark.
 */
public final class OpenMeteoStub implements AutoCloseable {

    /** One hour's values (amounts are the sum of the preceding hour, as documented). */
    public record Hour(double precipitation, double rain, double showers, double snowfall, int weatherCode,
            int cloudCoverLow, int cloudCover) {

        public static final Hour CLEAR = new Hour(0, 0, 0, 0, 0, 5, 10);

        public static Hour snow(double cm) {
            return new Hour(cm * 0.7, 0, 0, cm, 73, 90, 100);
        }

        public static Hour rain(double mm) {
            return new Hour(mm, mm, 0, 0, 63, 80, 100);
        }
    }

    /** The weather at a place and time (epoch second of the hour). */
    @FunctionalInterface
    public interface Weather {
        Hour at(double latitude, double longitude, long epochSecond);
    }

    private final HttpServer server;
    private final Clock clock;
    private volatile Weather weather = (lat, lon, t) -> Hour.CLEAR;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile boolean down;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong locations = new AtomicLong();
    private final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());

    public OpenMeteoStub() {
        this(0, Clock.systemUTC());
    }

    public OpenMeteoStub(int port, Clock clock) {
        this.clock = clock;
        try {
            this.server = HttpServer.create(new java.net.InetSocketAddress("localhost", port), 512);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        OpenMeteoStub stub = new OpenMeteoStub(port, Clock.systemUTC());
        if (args.length > 1 && args[1].equals("snow")) {
            stub.weather((lat, lon, t) -> Hour.snow(1.5));
        }
        System.out.println("Open-Meteo stub on " + stub.baseUrl() + (args.length > 1 ? " (" + args[1] + ")" : " (clear sky)"));
        Thread.currentThread().join();
    }

    public String baseUrl() {
        return LocalHttp.baseUrl(server);
    }

    public OpenMeteoStub weather(Weather w) {
        this.weather = w;
        return this;
    }

    /** The next {@code n} requests fail with {@code status} (429 or 5xx). */
    public OpenMeteoStub failNext(int n, int status) {
        failureStatus = status;
        failuresLeft.set(n);
        return this;
    }

    /** While down, every request gets 503. */
    public OpenMeteoStub down(boolean down) {
        this.down = down;
        return this;
    }

    public long requests() {
        return requests.get();
    }

    public long locationsRequested() {
        return locations.get();
    }

    public List<String> queries() {
        return List.copyOf(queries);
    }

    public void reset() {
        requests.set(0);
        locations.set(0);
        queries.clear();
        failuresLeft.set(0);
        down = false;
        weather = (lat, lon, t) -> Hour.CLEAR;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query == null ? "" : query);
        if (down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int status = down ? 503 : failureStatus;
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            send(exchange, status, "{\"error\":true,\"reason\":\"" + (status == 429 ? "Too many concurrent requests"
                    : "Service unavailable") + "\"}");
            return;
        }
        if (!exchange.getRequestURI().getPath().equals("/v1/forecast")) {
            send(exchange, 404, "{\"error\":true,\"reason\":\"Not Found\"}");
            return;
        }
        Map<String, String> params = params(query);
        String[] lats = params.getOrDefault("latitude", "").split(",");
        String[] lons = params.getOrDefault("longitude", "").split(",");
        if (lats.length != lons.length || params.getOrDefault("latitude", "").isEmpty()) {
            send(exchange, 400, "{\"error\":true,\"reason\":\"Parameter 'latitude' and 'longitude' must have the same "
                    + "number of elements\"}");
            return;
        }
        int days = Integer.parseInt(params.getOrDefault("forecast_days", "7"));
        long start = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(lats.length * 9000);
        if (lats.length > 1) {
            out.append('[');
        }
        for (int i = 0; i < lats.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            location(out, Double.parseDouble(lats[i]), Double.parseDouble(lons[i]), start, days * 24);
        }
        if (lats.length > 1) {
            out.append(']');
        }
        locations.addAndGet(lats.length);
        send(exchange, 200, out.toString());
    }

    private void location(StringBuilder out, double lat, double lon, long start, int hours) {
        String zone = zone(lat, lon);
        int offset = java.time.ZoneId.of(zone).getRules().getOffset(Instant.ofEpochSecond(start)).getTotalSeconds();
        Hour[] h = new Hour[hours];
        for (int i = 0; i < hours; i++) {
            h[i] = weather.at(lat, lon, start + i * 3600L);
        }
        out.append(String.format(Locale.ROOT, "{\"latitude\":%.4f,\"longitude\":%.4f,\"generationtime_ms\":0.5,"
                + "\"utc_offset_seconds\":%d,\"timezone\":\"%s\",\"timezone_abbreviation\":\"%s\",\"elevation\":2.0,",
                lat, lon, offset, zone, abbreviation(zone)));
        out.append("\"hourly_units\":{\"time\":\"unixtime\",\"precipitation\":\"mm\",\"rain\":\"mm\",\"showers\":\"mm\","
                + "\"snowfall\":\"cm\",\"weather_code\":\"wmo code\",\"cloud_cover_low\":\"%\",\"cloud_cover\":\"%\","
                + "\"is_day\":\"\"},\"hourly\":{\"time\":[");
        for (int i = 0; i < hours; i++) {
            out.append(i == 0 ? "" : ",").append(start + i * 3600L);
        }
        out.append("]");
        array(out, "precipitation", h, x -> fmt(x.precipitation()));
        array(out, "rain", h, x -> fmt(x.rain()));
        array(out, "showers", h, x -> fmt(x.showers()));
        array(out, "snowfall", h, x -> fmt(x.snowfall()));
        array(out, "weather_code", h, x -> String.valueOf(x.weatherCode()));
        array(out, "cloud_cover_low", h, x -> String.valueOf(x.cloudCoverLow()));
        array(out, "cloud_cover", h, x -> String.valueOf(x.cloudCover()));
        array(out, "is_day", h, x -> "1");
        out.append("}}");
    }

    private static void array(StringBuilder out, String name, Hour[] h, java.util.function.Function<Hour, String> f) {
        out.append(",\"").append(name).append("\":[");
        for (int i = 0; i < h.length; i++) {
            out.append(i == 0 ? "" : ",").append(f.apply(h[i]));
        }
        out.append(']');
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A few zones for the places tests use; Open-Meteo resolves any coordinate. */
    static String zone(double lat, double lon) {
        if (lat > 35 && lon > -10 && lon < 20) {
            return lat > 70 ? "Arctic/Longyearbyen" : "Europe/Amsterdam";
        }
        if (lat > 25 && lon > -90 && lon < -60) {
            return "America/New_York";
        }
        return "GMT";
    }

    private static String abbreviation(String zone) {
        return switch (zone) {
            case "Europe/Amsterdam", "Arctic/Longyearbyen" -> "CET";
            case "America/New_York" -> "EST";
            default -> "GMT";
        };
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
