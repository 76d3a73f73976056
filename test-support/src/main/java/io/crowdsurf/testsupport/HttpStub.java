package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for a third-party HTTP API (Graph API, Slack Web API, Telegram Bot API, Open-Meteo).
 * Records every request and answers from a per-path script, falling back to a default response.
 * Only for services this machine cannot reach; everything of ours is tested for real.
 */
public final class HttpStub implements AutoCloseable {

    /** One recorded request. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** One scripted response. */
    public record Response(int status, String body, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, Map.of("Content-Type", "application/json"));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Response>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Response> defaults = new ConcurrentHashMap<>();

    public HttpStub() {
        server = LocalHttp.serve(this::handle, 512);
    }

    public String baseUrl() {
        return LocalHttp.baseUrl(server);
    }

    /** The response for every request whose path ends with {@code pathSuffix}, unless one is queued. */
    public HttpStub respond(String pathSuffix, Response response) {
        defaults.put(pathSuffix, response);
        return this;
    }

    /** Responses used once each, in order, before the default for that path. */
    public HttpStub enqueue(String pathSuffix, Response... responses) {
        Deque<Response> queue = scripted.computeIfAbsent(pathSuffix, k -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(responses));
        }
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String pathSuffix) {
        return requests.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    public void reset() {
        requests.clear();
        scripted.clear();
        defaults.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Response response = next(path);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Response next(String path) {
        for (Map.Entry<String, Deque<Response>> e : scripted.entrySet()) {
            if (path.endsWith(e.getKey())) {
                synchronized (e.getValue()) {
                    Response r = e.getValue().poll();
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return defaults.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(Response.json(404, "{\"error\":\"no stub for " + path + "\"}"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
