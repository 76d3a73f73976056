package io.crowdsurf.runtime.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Keeps everything that is not a CloudEvent this service consumes away from its Funqy functions at
 * {@code POST /} and {@code POST /<function>} (the functions named by the
 * {@code quarkus.funqy.knative-events.mapping.<function>.*} keys). Funqy answers 500 for any input it cannot use,
 * which makes a broker retry garbage and, on a public service, lets anyone reach the functions. This Vert.x
 * route runs before Funqy's and refuses, with a problem:
 *
 * <ul>
 * <li>batched CloudEvents ({@code application/cloudevents-batch+json}), a charset other than UTF-8 → 400;</li>
 * <li>binary mode: attributes {@code ce-specversion: 1.0}, {@code ce-id}, {@code ce-source}, {@code ce-type}
 * missing → 400; structured mode ({@code application/cloudevents+json}): the same attributes in the envelope,
 * a non-JSON {@code datacontenttype} or {@code data_base64} → 400;</li>
 * <li>a type the service does not consume, or (on {@code /<function>}) one mapped to another function → 400;</li>
 * <li>with {@code crowdsurf.events.guard.require-signature} and a signing key configured, no
 * {@code crowdsurfsig} attribute → 401 (the function verifies the signature itself against the data);</li>
 * <li>binary mode: a content type that is not JSON → 400;</li>
 * <li>data that is empty, not valid UTF-8 ({@link Utf8}), not JSON, nested deeper than {@value #MAX_DEPTH}, or
 * not one JSON object → 400.</li>
 * </ul>
 *
 * With {@code crowdsurf.events.guard.map-failures} (default true) its failure handler turns what the functions
 * throw into answers a broker understands: a {@link ProblemException} becomes its problem (a 503 gets
 * {@code Retry-After}), unreadable data a 400; anything else stays a 500 (retried), as a problem body whose
 * error id is logged with the stack trace. Off, failures stay Funqy's 5xx.
 *
 * <p>Accepted types: {@code crowdsurf.events.guard.types}, plus the catalog's types consumed by
 * {@code crowdsurf.events.guard.consumer} (a service id) — of those, only the ones with a Funqy trigger mapping
 * when the service has any. With no accepted type the guard is off.
 *
 * <p>Safe for Funqy: funqy-knative-events requires the global body handler (order {@code MIN_VALUE + 1}), so
 * the body is fully buffered before this route runs; it is only read here, and Funqy reads the same buffer
 * afterwards.
 *
 * <p>Always (guard on or off) gives an empty request body an empty buffer, on every route: with the global body
 * handler a zero-byte body leaves {@code ctx.body()} without a buffer, and Quarkus REST then waits forever for
 * input that already ended (a {@code POST}/{@code PUT} with an empty body never answered).
 */
@ApplicationScoped
public class CloudEventGuard {

    private static final Logger LOG = Logger.getLogger(CloudEventGuard.class);
    /** After Quarkus's body handler (so the body is buffered), before Quarkus REST and Funqy. */
    static final int ORDER = -100;
    static final int MAX_DEPTH = 64;
    static final String MAPPING = "quarkus.funqy.knative-events.mapping.";
    private static final String BATCH = "application/cloudevents-batch+json";
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper PROBLEM = new ObjectMapper();

    private final Set<String> accepted;
    /** ce-type → Funqy function, for the accepted types with a trigger mapping. */
    private final Map<String, String> functionByType;
    /** The Funqy functions with a knative-events mapping: each is also served at {@code POST /<function>}. */
    private final Set<String> functions;
    private final boolean requireSignature;
    private final boolean mapFailures;

    @Inject
    public CloudEventGuard(Config config) {
        this(config.getOptionalValues("crowdsurf.events.guard.types", String.class).orElse(List.of()),
                config.getOptionalValue("crowdsurf.events.guard.consumer", String.class).filter(c -> !c.isBlank()),
                mappings(config),
                config.getOptionalValue("crowdsurf.events.guard.require-signature", Boolean.class).orElse(false)
                        && config.getOptionalValue("crowdsurf.events.signing-key", String.class)
                                .filter(k -> !k.isBlank()).isPresent(),
                config.getOptionalValue("crowdsurf.events.guard.map-failures", Boolean.class).orElse(true));
    }

    /**
     * @param mappings {@code <function>.<key>} → value, the {@code quarkus.funqy.knative-events.mapping.} keys
     */
    CloudEventGuard(List<String> types, Optional<String> consumer, Map<String, String> mappings,
            boolean requireSignature, boolean mapFailures) {
        Map<String, String> byType = new TreeMap<>();
        Set<String> fns = new TreeSet<>();
        mappings.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String fn = dot < 0 ? key : key.substring(0, dot);
            if (!fn.isBlank()) {
                fns.add(fn);
            }
            if (dot > 0 && key.substring(dot + 1).equals("trigger") && value != null && !value.isBlank()) {
                byType.put(value.strip(), fn);
            }
        });
        this.accepted = acceptedTypes(types, consumer, byType.keySet());
        byType.keySet().retainAll(accepted);
        this.functionByType = Map.copyOf(byType);
        this.functions = Set.copyOf(fns);
        this.requireSignature = requireSignature;
        this.mapFailures = mapFailures;
    }

    private static Map<String, String> mappings(Config config) {
        Map<String, String> mappings = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(MAPPING)) {
                mappings.put(name.substring(MAPPING.length()),
                        config.getOptionalValue(name, String.class).orElse(null));
            }
        }
        return mappings;
    }

    /** The explicit types, plus the consumer's catalog types (only the triggered ones when there are triggers). */
    static Set<String> acceptedTypes(List<String> types, Optional<String> consumer, Set<String> triggered) {
        Set<String> accepted = new LinkedHashSet<>();
        types.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(accepted::add);
        consumer.map(Service::of).ifPresent(service -> {
            for (EventType t : EventType.values()) {
                if (t.consumers().contains(service) && (triggered.isEmpty() || triggered.contains(t.type()))) {
                    accepted.add(t.type());
                }
            }
        });
        return Set.copyOf(accepted);
    }

    public Set<String> accepted() {
        return accepted;
    }

    /** The guarded paths: {@code /} and {@code /<function>}. */
    public Set<String> paths() {
        Set<String> paths = new TreeSet<>();
        paths.add("/");
        functions.forEach(f -> paths.add("/" + f));
        return paths;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(CloudEventGuard::emptyBodyIsEmptyBuffer);
        if (accepted.isEmpty()) {
            return;
        }
        LOG.debugf("CloudEvent guard on POST %s: %s%s", paths(), accepted,
                requireSignature ? ", signature required" : "");
        router.route(HttpMethod.POST, "/").order(ORDER).handler(ctx -> check(ctx, null));
        for (String function : functions) {
            router.route(HttpMethod.POST, "/" + function).order(ORDER).handler(ctx -> check(ctx, function));
        }
        if (mapFailures) {
            for (String path : paths()) {
                router.route(HttpMethod.POST, path).order(ORDER).failureHandler(CloudEventGuard::failed);
            }
        }
    }

    private static void emptyBodyIsEmptyBuffer(RoutingContext ctx) {
        RequestBody body = ctx.body();
        if (body != null && body.available() && body.buffer() == null && ctx instanceof RoutingContextInternal internal) {
            internal.setBody(Buffer.buffer());
        }
        ctx.next();
    }

    private void check(RoutingContext ctx, String function) {
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        Problem problem = problem(ctx.request()::getHeader, buffer == null ? new byte[0] : buffer.getBytes(), function);
        if (problem == null) {
            ctx.next();
            return;
        }
        LOG.debugf("refused %s %s (ce-id %s): %s", ctx.request().method(), ctx.request().path(),
                ctx.request().getHeader("ce-id"), problem.detail());
        respond(ctx, problem);
    }

    /**
     * Null when the request may go on to the functions, else the problem to answer with.
     *
     * @param header the request's headers, by case-insensitive name
     * @param raw the body (empty when there is none)
     * @param function the function of the path {@code /<function>}, or null for {@code /}
     */
    Problem problem(Function<String, String> header, byte[] raw, String function) {
        String contentType = header.apply("Content-Type");
        String mediaType = mediaType(contentType);
        if (mediaType.equals(BATCH)) {
            return Problem.invalid("Content-Type", "batched CloudEvents are not accepted");
        }
        if (!utf8Charset(contentType)) {
            return Problem.invalid("Content-Type", "the content type must be JSON in UTF-8, not '" + contentType + "'");
        }
        if (mediaType.equals(STRUCTURED)) {
            return structured(raw, function);
        }
        Problem attributes = attributes("ce-", header.apply("ce-specversion"), header.apply("ce-id"),
                header.apply("ce-source"), header.apply("ce-type"), header.apply("ce-" + EventSignature.EXTENSION),
                function);
        if (attributes != null) {
            return attributes;
        }
        if (!json(mediaType)) {
            return Problem.invalid("Content-Type", "the content type must be application/json, not '" + contentType + "'");
        }
        if (raw.length == 0) {
            // Every type in the catalog carries data; Funqy would fail on the missing body with a 500.
            return Problem.invalid("data", "the event has no data: a JSON object is required");
        }
        Optional<String> text = Utf8.tryDecode(raw);
        if (text.isEmpty()) {
            return Problem.invalid("data", "the event data is not valid UTF-8");
        }
        try {
            return dataObject(JSON.readTree(text.get()));
        } catch (IOException e) {
            return Problem.invalid("data", "the event data is not JSON: " + firstLine(e.getMessage()));
        }
    }

    private Problem structured(byte[] raw, String function) {
        Optional<String> text = Utf8.tryDecode(raw);
        if (text.isEmpty()) {
            return Problem.invalid("body", "the CloudEvent is not valid UTF-8");
        }
        JsonNode ce;
        try {
            ce = JSON.readTree(text.get());
        } catch (IOException e) {
            return Problem.invalid("body", "the CloudEvent is not JSON: " + firstLine(e.getMessage()));
        }
        if (ce == null || !ce.isObject()) {
            return Problem.invalid("body", "a structured CloudEvent must be a JSON object");
        }
        Problem attributes = attributes("", string(ce, "specversion"), string(ce, "id"), string(ce, "source"),
                string(ce, "type"), string(ce, EventSignature.EXTENSION), function);
        if (attributes != null) {
            return attributes;
        }
        String dataType = string(ce, "datacontenttype");
        if (dataType != null && !json(mediaType(dataType))) {
            return Problem.invalid("datacontenttype", "datacontenttype must be application/json, not '" + dataType + "'");
        }
        if (ce.has("data_base64")) {
            return Problem.invalid("data_base64", "data_base64 is not accepted: the data is a JSON object");
        }
        return dataObject(ce.get("data"));
    }

    private Problem attributes(String prefix, String specversion, String id, String source, String type,
            String signature, String function) {
        if (specversion == null || specversion.isBlank()) {
            return Problem.invalid(prefix + "specversion", "not a CloudEvent: " + prefix + "specversion is missing "
                    + "(binary-mode CloudEvents 1.0: ce-specversion, ce-id, ce-type, ce-source headers)");
        }
        if (!specversion.equals("1.0")) {
            return Problem.invalid(prefix + "specversion",
                    "unsupported CloudEvents specversion '" + specversion + "' (1.0 is)");
        }
        for (String[] a : new String[][] {{"id", id}, {"type", type}, {"source", source}}) {
            if (a[1] == null || a[1].isBlank()) {
                return Problem.invalid(prefix + a[0], "the CloudEvent attribute " + prefix + a[0] + " is missing");
            }
        }
        if (!accepted.contains(type)) {
            return Problem.invalid(prefix + "type", "this service does not consume '" + type + "'; it takes " + accepted);
        }
        String target = functionByType.get(type);
        if (function != null && target != null && !function.equals(target)) {
            return Problem.invalid(prefix + "type", "events of type '" + type + "' go to " + target + ", not " + function);
        }
        if (requireSignature && (signature == null || signature.isBlank())) {
            return Problem.of(401, "Unauthorized", "the event carries no " + EventSignature.EXTENSION
                    + " signature; only events produced inside Crowdsurf are accepted");
        }
        return null;
    }

    private static Problem dataObject(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return Problem.invalid("data", "the event has no data: a JSON object is required, not null");
        }
        if (!data.isObject()) {
            return Problem.invalid("data", "the event data must be a JSON object, not "
                    + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static boolean json(String mediaType) {
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** No charset parameter (JSON is UTF-8) or charset=utf-8. */
    private static boolean utf8Charset(String contentType) {
        if (contentType == null) {
            return true;
        }
        return Arrays.stream(contentType.split(";")).skip(1).map(String::trim)
                .filter(p -> p.regionMatches(true, 0, "charset=", 0, 8))
                .map(p -> p.substring(8).trim().replace("\"", ""))
                .allMatch(c -> c.equalsIgnoreCase("utf-8") || c.equalsIgnoreCase("utf8"));
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.response().ended()) {
            ctx.next();
            return;
        }
        Problem problem = null;
        for (Throwable t = ctx.failure(); t != null && problem == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                problem = p.problem();
            } else if (t instanceof JsonProcessingException) {
                problem = Problem.invalid("data", "the event data is not valid JSON for this type");
            }
        }
        if (problem == null && ctx.failure() == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            problem = Problem.of(ctx.statusCode(), "Bad Request", "the function cannot take this event");
        }
        if (problem == null && ctx.failure() != null) {
            // Anything else (MongoDB or Kafka away mid-event, a bug) stays a 500, which the broker retries; but in
            // the project's problem+json, with an id that finds the stack trace in this service's log.
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(ctx.failure(), "%s %s (ce-id %s) failed, error id %s", ctx.request().method(),
                    ctx.request().path(), ctx.request().getHeader("ce-id"), errorId);
            problem = Problem.of(500, "Internal Server Error",
                    "the event could not be processed now and may be redelivered; error id " + errorId);
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        if (problem.status() >= 500) {
            LOG.debugf("%s answered %d: %s", ctx.request().path(), problem.status(), problem.detail());
        }
        respond(ctx, problem);
    }

    private static void respond(RoutingContext ctx, Problem problem) {
        byte[] json;
        try {
            json = PROBLEM.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            json = ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 503 || problem.status() == 429) {
            response.putHeader("Retry-After", "1");
        }
        response.end(Buffer.buffer(json));
    }
}
