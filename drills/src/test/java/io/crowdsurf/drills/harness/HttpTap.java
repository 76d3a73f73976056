package io.crowdsurf.drills.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.testsupport.LocalHttp;

/**
 * An HTTP pass-through between the dispatcher and a subscriber that writes down every delivery attempt
 * (CloudEvent id and type, and the status the subscriber answered), so a drill can prove that events were
 * retried, how often, and that each finally got a 2xx. No answer from the subscriber is recorded as status 0
 * and reported to the dispatcher as 502 (what a Knative activator or queue-proxy would say).
 */
public final class HttpTap implements AutoCloseable {

    /** One delivery attempt. */
    public record Attempt(String ceId, String ceType, String ceSource, int status, long atNanos) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    public HttpTap(String targetBaseUrl) {
        this.target = URI.create(targetBaseUrl.endsWith("/") ? targetBaseUrl.substring(0, targetBaseUrl.length() - 1)
                : targetBaseUrl);
        server = LocalHttp.serve(this::handle, 256);
    }

    public String baseUrl() {
        return LocalHttp.baseUrl(server);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public List<Attempt> attempts(String ceId) {
        return attempts.stream().filter(a -> ceId.equals(a.ceId())).toList();
    }

    public void reset() {
        attempts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String ceId = exchange.getRequestHeaders().getFirst("ce-id");
        String ceType = exchange.getRequestHeaders().getFirst("ce-type");
        String ceSource = exchange.getRequestHeaders().getFirst("ce-source");
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> forward.header(h.getKey(), v));
            }
        }
        int status;
        byte[] responseBody;
        try {
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            responseBody = response.body();
            response.headers().map().forEach((k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    v.forEach(value -> exchange.getResponseHeaders().add(k, value));
                }
            });
            attempts.add(new Attempt(ceId, ceType, ceSource, status, System.nanoTime()));
        } catch (IOException e) {
            attempts.add(new Attempt(ceId, ceType, ceSource, 0, System.nanoTime()));
            status = 502;
            responseBody = ("{\"title\":\"subscriber unreachable\",\"detail\":\"" + e.getClass().getSimpleName() + "\"}")
                    .getBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.sendResponseHeaders(status, responseBody.length == 0 ? -1 : responseBody.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(responseBody);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
