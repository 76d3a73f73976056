package io.crowdsurf.quiz.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.quiz.config.QuizConfig;

/**
 * metrics-service's short-links admin API ({@code POST /api/v1/links}), the one outbound call of quiz-service.
 * Registering a code that exists is answered 409 there; since quiz-service derives the code from the target, a 409
 * means a previous open registered it already, which is success (the call is idempotent).
 */
@ApplicationScoped
public class MetricsLinksClient {

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;

    public MetricsLinksClient(QuizConfig config, ObjectMapper json) {
        QuizConfig.Links links = config.links();
        this.timeout = links.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.json = json;
        this.endpoint = URI.create(links.metricsUrl().replaceAll("/+$", "") + "/api/v1/links");
        this.token = links.adminToken().or(config::adminToken).orElse("");
    }

    /**
     * Registers {@code code → target} under {@code campaign}.
     *
     * @throws LinkRegistrationException metrics-service unreachable, too slow, or refusing (401, 400, 5xx)
     */
    public void register(String code, String target, String campaign, String site) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("code", code);
        body.put("campaign", campaign);
        if (site != null) {
            body.put("site", site);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LinkRegistrationException("metrics-service at " + endpoint + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkRegistrationException("interrupted while registering short link " + code, e);
        }
        int status = response.statusCode();
        if (status != 201 && status != 409) {
            throw new LinkRegistrationException("metrics-service refused short link " + code + " for " + target
                    + ": HTTP " + status + " " + abbreviate(response.body()), null);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
