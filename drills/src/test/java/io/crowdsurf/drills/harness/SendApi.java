package io.crowdsurf.drills.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.testsupport.HttpStub;

/** The Messenger Send API as a stub: every call to {@code /{page}/messages} answered 200 and recorded. */
public final class SendApi implements AutoCloseable {

    /** One message the gateway sent to a fan. */
    public record Sent(String pageId, String psid, String text, List<String> quickReplyPayloads) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpStub stub = new HttpStub();

    public SendApi() {
        stub.respond("/messages", HttpStub.Response.json(200, "{\"recipient_id\":\"x\",\"message_id\":\"m\"}"));
    }

    public String baseUrl() {
        return stub.baseUrl();
    }

    public HttpStub stub() {
        return stub;
    }

    public List<Sent> sent() {
        List<Sent> out = new ArrayList<>();
        for (HttpStub.Request r : stub.requests("/messages")) {
            try {
                JsonNode body = JSON.readTree(r.body());
                String[] parts = r.path().split("/");
                String page = parts.length >= 2 ? parts[parts.length - 2] : "";
                List<String> payloads = new ArrayList<>();
                body.path("message").path("quick_replies").forEach(q -> payloads.add(q.path("payload").asText()));
                out.add(new Sent(page, body.path("recipient").path("id").asText(),
                        body.path("message").path("text").asText(null), payloads));
            } catch (Exception e) {
                out.add(new Sent("?", "?", "unparseable: " + r.body(), List.of()));
            }
        }
        return out;
    }

    /** Messages per fan, in the order the stub received them. */
    public Map<String, List<Sent>> byFan() {
        Map<String, List<Sent>> out = new LinkedHashMap<>();
        for (Sent s : sent()) {
            out.computeIfAbsent(s.psid(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    public List<Sent> to(String psid) {
        return sent().stream().filter(s -> psid.equals(s.psid())).toList();
    }

    public int count() {
        return stub.requests("/messages").size();
    }

    @Override
    public void close() {
        stub.close();
    }
}
