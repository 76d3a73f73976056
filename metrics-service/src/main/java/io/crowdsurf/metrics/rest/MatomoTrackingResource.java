package io.crowdsurf.metrics.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.QueryStrings;
import io.crowdsurf.metrics.domain.TrackingInput;
import io.crowdsurf.metrics.service.IngestService;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Matomo's Tracking HTTP API at {@code /matomo.php} and {@code /piwik.php}, GET and POST, single and bulk, so a site
 * or app that already sends Matomo tracking requests points them here and changes nothing else.
 *
 * <ul>
 * <li>GET: the parameters are the query string. POST: the query string plus a form-encoded body (the query string
 * wins a clash, as in Matomo's {@code $_GET + $_POST}); a JSON body {@code {"requests": [...]}} is a bulk request.</li>
 * <li>Single answer: the 1×1 GIF (200), or 204 with {@code send_image=0}; a request Matomo refuses (no or
 * unknown {@code idsite}, ...) is a 400 problem. Bulk answer: Matomo's JSON status.</li>
 * <li>Every 2xx that tracked something comes after Kafka's ack; Kafka away → 503.</li>
 * </ul>
 */
@Path("/")
public class MatomoTrackingResource {

    private final IngestService ingest;
    private final ClientInfo client;
    private final AdminToken token;
    private final Offload offload;
    private final ObjectMapper json;
    private final int maxHits;

    public MatomoTrackingResource(IngestService ingest, ClientInfo client, AdminToken token, Offload offload,
            ObjectMapper json, MetricsConfig config) {
        this.ingest = ingest;
        this.client = client;
        this.token = token;
        this.offload = offload;
        this.json = json;
        this.maxHits = config.maxHitsPerRequest();
    }

    @GET
    @Path("{file: matomo\\.php|piwik\\.php}")
    public Uni<Response> get(HttpServerRequest request) {
        Instant now = Instant.now();
        Map<String, String> params = QueryStrings.parse(request.query());
        if (params.isEmpty()) {
            return Uni.createFrom().item(TrackingResponses.noStore(Response.ok(
                    "This is Crowdsurf's Matomo-compatible tracking endpoint: send Matomo tracking requests here.",
                    MediaType.TEXT_PLAIN)).build());
        }
        return offload.run(() -> single(request, params, now));
    }

    @POST
    @Path("{file: matomo\\.php|piwik\\.php}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(HttpServerRequest request, byte[] body) {
        Instant now = Instant.now();
        String text = Utf8.decode(body, "body");
        if (looksLikeJson(text)) {
            BulkRequest bulk = bulk(text);
            return offload.run(() -> bulk(request, bulk, now));
        }
        Map<String, String> params = QueryStrings.parse(text);
        params.putAll(QueryStrings.parse(request.query()));
        return offload.run(() -> single(request, params, now));
    }

    private Response single(HttpServerRequest request, Map<String, String> params, Instant now) {
        boolean authenticated = token.matches(params.get("token_auth"));
        TrackingInput in = client.input(request, params, now, authenticated);
        Outcome outcome = ingest.track(List.of(in)).get(0);
        if (outcome instanceof Outcome.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid.field(), invalid.reason()));
        }
        return TrackingResponses.pixel(!"0".equals(params.get("send_image")));
    }

    record BulkRequest(List<Map<String, String>> requests, String tokenAuth) {
    }

    private Response bulk(HttpServerRequest request, BulkRequest bulk, Instant now) {
        boolean bulkAuthenticated = token.matches(bulk.tokenAuth());
        // What the HTTP request says about its client is the same for all its entries: read it once.
        TrackingInput from = client.input(request, Map.of(), now, bulkAuthenticated);
        List<TrackingInput> inputs = new ArrayList<>(bulk.requests().size());
        for (Map<String, String> params : bulk.requests()) {
            if (params != null) {
                boolean authenticated = bulkAuthenticated || token.matches(params.get("token_auth"));
                inputs.add(new TrackingInput(params, from.clientIp(), from.userAgent(), from.acceptLanguage(), now,
                        authenticated));
            }
        }
        List<Outcome> outcomes = ingest.track(inputs);
        int tracked = 0;
        List<Integer> invalid = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < bulk.requests().size(); i++) {
            if (bulk.requests().get(i) == null || outcomes.get(next++) instanceof Outcome.Invalid) {
                invalid.add(i);
            } else {
                tracked++;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        answer.put("tracked", tracked);
        answer.put("invalid", invalid.size());
        answer.put("invalid_indices", invalid);
        return TrackingResponses.noStore(Response.ok(answer, MediaType.APPLICATION_JSON)).build();
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    /**
     * {@code {"requests": ["?idsite=1&rec=1&…", {"idsite": 1, "rec": 1, …}], "token_auth": "…"}}: each request a query
     * string (with or without {@code ?}, or a whole {@code /matomo.php?…} URL) or an object of parameters, as Matomo
     * accepts. An entry that is neither is null here and counts as invalid.
     */
    BulkRequest bulk(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid("body", "the bulk request is not valid JSON"));
        }
        if (root == null || !root.isObject() || !root.path("requests").isArray()) {
            throw new ProblemException(Problem.invalid("requests",
                    "a bulk request is a JSON object with a \"requests\" array"));
        }
        JsonNode requests = root.get("requests");
        if (requests.size() > maxHits) {
            throw new ProblemException(Problem.invalid("requests", "at most " + maxHits + " requests per bulk request"));
        }
        List<Map<String, String>> out = new ArrayList<>(requests.size());
        for (JsonNode r : requests) {
            if (r.isTextual()) {
                out.add(QueryStrings.parse(r.asText()));
            } else if (r.isObject()) {
                Map<String, String> params = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                        params.put(f.getKey(), f.getValue().asText());
                    }
                }
                out.add(QueryStrings.sanitized(params));
            } else {
                out.add(null);
            }
        }
        JsonNode t = root.get("token_auth");
        return new BulkRequest(out, t != null && t.isTextual() ? t.asText() : null);
    }
}
