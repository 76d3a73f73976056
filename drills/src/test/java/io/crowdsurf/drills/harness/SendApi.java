package io.crowdsurf.drills.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crowdsurf.testsupport.LocalHttp;

/**
 * The Messenger Send API as a stub: {@code POST /{page}/messages} answered 200 and recorded as sent.
 * {@link #hold(long)} makes it take its time before it processes a call, so a drill can kill the gateway
 * while a send is in flight; a call whose connection dies while held is not processed (not recorded).
 */
public final class SendApi implements AutoCloseable {

    /** One message the gateway sent to a fan. */
    public record Sent(String pageId, String psid, String text, List<String> quickReplyPayloads) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile long holdMs;

    public SendApi() {
        server = LocalHttp.serve(this::handle, 512);
    }

    public String baseUrl() {
        return LocalHttp.baseUrl(server);
    }

    /** Delays processing of each call by {@code ms} (0: answer at once). */
    public void hold(long ms) {
        holdMs = ms;
    }

    /**
     * Calls now held are never processed: their caller is gone (killed) and Meta never got to them.
     * Later calls are processed as usual.
     */
    public void dropHeld() {
        generation.incrementAndGet();
    }

    /** Calls received but not yet processed (held). */
    public int pending() {
        return pending.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        if (!path.endsWith("/messages")) {
            respond(exchange, 404, "{\"error\":{\"message\":\"no such endpoint\"}}");
            return;
        }
        long hold = holdMs;
        if (hold > 0) {
            long gen = generation.get();
            pending.incrementAndGet();
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pending.decrementAndGet();
            }
            if (generation.get() != gen) {
                respond(exchange, 503, "{\"error\":{\"message\":\"dropped\"}}");
                return;
            }
        }
        record(path, body);
        respond(exchange, 200, "{\"recipient_id\":\"x\",\"message_id\":\"m\"}");
    }

    private void record(String path, byte[] raw) {
        String[] parts = path.split("/");
        String page = parts.length >= 2 ? parts[parts.length - 2] : "";
        try {
            JsonNode body = JSON.readTree(raw);
            List<String> payloads = new ArrayList<>();
            body.path("message").path("quick_replies").forEach(q -> payloads.add(q.path("payload").asText()));
            sent.add(new Sent(page, body.path("recipient").path("id").asText(),
                    body.path("message").path("text").asText(null), payloads));
        } catch (IOException e) {
            sent.add(new Sent(page, "?", "unparseable: " + new String(raw, StandardCharsets.UTF_8), List.of()));
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Messages per fan, in the order the stub processed them. */
    public Map<String, List<Sent>> byFan() {
        Map<String, List<Sent>> out = new LinkedHashMap<>();
        for (Sent s : sent) {
            out.computeIfAbsent(s.psid(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    public List<Sent> to(String psid) {
        return sent.stream().filter(s -> psid.equals(s.psid())).toList();
    }

    public int count() {
        return sent.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
