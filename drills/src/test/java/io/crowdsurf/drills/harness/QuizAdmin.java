package io.crowdsurf.drills.harness;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** quiz-service's admin API with the bearer token. */
public final class QuizAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;

    public QuizAdmin(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public Http.Reply post(String path, String json) {
        return Http.postJson(baseUrl + path, auth(), json);
    }

    public Http.Reply get(String path) {
        return Http.get(baseUrl + path, auth());
    }

    /** Creates and opens a campaign; fails unless both succeed. */
    public void createAndOpen(String campaignJson, String id) {
        Http.Reply created = post("/api/v1/campaigns", campaignJson);
        if (created.status() != 201) {
            throw new AssertionError("campaign not created: " + created);
        }
        Http.Reply opened = post("/api/v1/campaigns/" + id + "/open", "");
        if (opened.status() != 200) {
            throw new AssertionError("campaign not opened: " + opened);
        }
    }

    /** {@code GET /api/v1/campaigns/{id}/stats} as JSON. */
    public JsonNode stats(String id) {
        Http.Reply r = get("/api/v1/campaigns/" + id + "/stats");
        if (r.status() != 200) {
            throw new AssertionError("stats of " + id + ": " + r);
        }
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("stats not JSON: " + r.body(), e);
        }
    }

    private Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + token);
    }
}
