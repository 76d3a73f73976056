package io.crowdsurf.drills.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/** A small HTTP client for drills: answers as (status, body); no answer at all is status -1. */
public final class Http {

    /** A response; {@code status} -1 means the connection failed (refused, reset, timed out). */
    public record Reply(int status, String body) {
        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public boolean is4xx() {
            return status >= 400 && status < 500;
        }

        public boolean is5xx() {
            return status >= 500;
        }
    }

    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private Http() {
    }

    public static Reply send(String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, e.toString());
        }
    }

    public static Reply get(String url, Map<String, String> headers) {
        return send("GET", url, headers, null, Duration.ofSeconds(15));
    }

    public static Reply postJson(String url, Map<String, String> headers, String json) {
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json");
        return send("POST", url, h, json.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(15));
    }
}
