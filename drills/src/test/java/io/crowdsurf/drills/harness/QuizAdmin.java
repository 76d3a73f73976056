package io.crowdsurf.drills.harness;

import java.util.Map;

/** quiz-service's admin API with the bearer token. */
public final class QuizAdmin {

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

    private Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + token);
    }
}
