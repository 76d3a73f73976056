package io.crowdsurf.metrics.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.ParameterNames;
import io.crowdsurf.metrics.domain.QueryStrings;
import io.crowdsurf.metrics.domain.TrackingInput;
import io.crowdsurf.metrics.service.IngestService;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /api/v1/track}: a batch of hits as JSON, {@code {"site": "1", "hits": [{"url": …, "title": …}, …]}}.
 * Field names are Matomo's tracking parameters or their readable aliases ({@link ParameterNames}); {@code site} is
 * the default {@code idsite} of the hits. Strict, unlike matomo.php: an unknown field, a non-scalar value, an unknown
 * site or any hit Matomo would refuse makes the whole batch a 400 that lists every error, and nothing is written.
 * 200 answers {@code accepted}, {@code excluded} and the {@code hitIds}, after Kafka's ack. A bearer admin token
 * allows {@code ip} and old {@code time} values, as {@code token_auth} does on matomo.php.
 */
@Path("/api/v1/track")
public class TrackResource {

    public record TrackAnswer(int accepted, int excluded, List<String> hitIds) {
    }

    private final IngestService ingest;
    private final ClientInfo client;
    private final AdminToken token;
    private final Offload offload;
    private final ObjectMapper json;
    private final int maxHits;

    public TrackResource(IngestService ingest, ClientInfo client, AdminToken token, Offload offload, ObjectMapper json,
            MetricsConfig config) {
        this.ingest = ingest;
        this.client = client;
        this.token = token;
        this.offload = offload;
        this.json = json.copy();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
        this.maxHits = config.maxHitsPerRequest();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<TrackAnswer> track(HttpServerRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            byte[] body) {
        Instant now = Instant.now();
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type", "send application/json"));
        }
        List<Map<String, String>> hits = parse(Utf8.decode(body, "body"));
        boolean authenticated = token.matchesBearer(auth);
        List<TrackingInput> inputs = new ArrayList<>(hits.size());
        for (Map<String, String> h : hits) {
            inputs.add(client.input(request, h, now, authenticated));
        }
        return offload.run(() -> {
            List<Outcome> outcomes = ingest.prepare(inputs);
            List<Map<String, Object>> errors = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int excluded = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                switch (outcomes.get(i)) {
                    case Outcome.Invalid inv -> errors.add(error(i, inv.field(), inv.reason()));
                    case Outcome.Accepted a -> ids.add(a.hit().hitId());
                    case Outcome.Excluded x -> excluded++;
                    case Outcome.Ignored ig -> errors.add(error(i, "rec", ig.reason()));
                }
            }
            if (!errors.isEmpty()) {
                throw invalid(errors);
            }
            ingest.publish(outcomes);
            return new TrackAnswer(ids.size(), excluded, ids);
        });
    }

    List<Map<String, String>> parse(String text) {
        if (text.isBlank()) {
            throw new ProblemException(Problem.invalid(null, "body required: {\"hits\": [...]}"));
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid("body", "malformed JSON"));
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(Problem.invalid("body", "the body must be a JSON object {\"hits\": [...]}"));
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        String site = null;
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String n = names.next();
            if (!n.equals("site") && !n.equals("hits")) {
                errors.add(error(null, n, "unknown field"));
            }
        }
        JsonNode s = root.get("site");
        if (s != null && !s.isNull()) {
            if (!s.isTextual() && !s.isIntegralNumber()) {
                errors.add(error(null, "site", "site must be a string or an integer"));
            } else {
                site = s.asText();
            }
        }
        JsonNode hits = root.get("hits");
        if (hits == null || !hits.isArray() || hits.isEmpty()) {
            errors.add(error(null, "hits", "hits must be a non-empty array"));
            throw invalid(errors);
        }
        if (hits.size() > maxHits) {
            throw new ProblemException(Problem.invalid("hits", "at most " + maxHits + " hits per request"));
        }
        List<Map<String, String>> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            JsonNode hit = hits.get(i);
            if (!hit.isObject()) {
                errors.add(error(i, null, "a hit must be a JSON object"));
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = hit.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = ParameterNames.canonical(f.getKey());
                JsonNode v = f.getValue();
                if (name == null) {
                    errors.add(error(i, f.getKey(), "unknown field"));
                } else if (v.isNull()) {
                    continue;
                } else if (!v.isValueNode()) {
                    errors.add(error(i, f.getKey(), "must be a string, number or boolean"));
                } else {
                    params.put(name, v.isBoolean() ? (v.asBoolean() ? "1" : "0") : v.asText());
                }
            }
            params.putIfAbsent("rec", "1");
            if (site != null) {
                params.putIfAbsent("idsite", site);
            }
            out.add(QueryStrings.sanitized(params));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return out;
    }

    private static Map<String, Object> error(Integer index, String field, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (index != null) {
            e.put("index", index);
        }
        if (field != null) {
            e.put("field", field);
        }
        e.put("reason", reason);
        return e;
    }

    private static ProblemException invalid(List<Map<String, Object>> errors) {
        Map<String, Object> first = errors.get(0);
        String detail = errors.size() + " invalid: " + (first.containsKey("index") ? "hits[" + first.get("index") + "]" : "body")
                + (first.containsKey("field") ? "." + first.get("field") : "") + ": " + first.get("reason");
        return new ProblemException(new Problem("about:blank", "Bad Request", 400, detail,
                (String) first.get("field"), Map.of("errors", errors.subList(0, Math.min(100, errors.size())))));
    }
}
