package io.crowdsurf.quiz.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.crowdsurf.runtime.rest.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Refuses, with a 400 problem, requests to the Funqy CloudEvent endpoints ({@code POST /} and
 * {@code POST /<function>}) that are not a valid CloudEvent for this service, <em>before</em> Funqy sees them
 * — Funqy answers 500 for every exception, which makes a broker retry garbage and lets anyone on the network
 * fill the logs with stack traces. Checked: binary mode needs {@code ce-specversion: 1.0}, {@code ce-id},
 * {@code ce-source} and a {@code ce-type} that quiz-service consumes (catalog consumers of
 * {@link Service#QUIZ_SERVICE} that have a Funqy mapping), a JSON content type in UTF-8, and data that is one
 * JSON object in valid UTF-8; structured mode ({@code application/cloudevents+json}) the same attributes in
 * the envelope. Well-formed events whose data then fails processing still get Funqy's 5xx (the broker retries,
 * then dead-letters them as poison).
 * <p>
 * Safe for Funqy: the funqy-knative-events extension requires the global body handler
 * ({@code RequireBodyHandlerBuildItem}, order {@code MIN_VALUE + 1}), so the body is fully buffered before
 * this route (order {@value #ORDER}) runs; it is only read here ({@code ctx.body().buffer()}), and Funqy's
 * {@code VertxRequestHandler} reads the same buffer from {@code ctx.body()} afterwards.
 * <p>
 * Also gives an empty request body an empty buffer on every other route: with the global body handler a
 * zero-byte body leaves {@code ctx.body()} without a buffer, and Quarkus REST then waits forever for input
 * that already ended (the admin API's {@code POST/PUT} with an empty body never answered).
 */
@ApplicationScoped
public class CloudEventGuard {

    static final int ORDER = -100;
    private static final Logger LOG = Logger.getLogger(CloudEventGuard.class);
    private static final String MAPPING = "quarkus.funqy.knative-events.mapping.";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper PROBLEM = new ObjectMapper();

    /** ce-type → function name, for the types this service consumes. */
    private final Map<String, String> functionByType;

    public CloudEventGuard(Config config) {
        Map<String, String> byType = new TreeMap<>();
        for (EventType t : EventType.values()) {
            if (!t.consumers().contains(Service.QUIZ_SERVICE)) {
                continue;
            }
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(MAPPING) && name.endsWith(".trigger")
                        && t.type().equals(config.getOptionalValue(name, String.class).orElse(null))) {
                    byType.put(t.type(), name.substring(MAPPING.length(), name.length() - ".trigger".length()));
                }
            }
        }
        this.functionByType = Map.copyOf(byType);
        LOG.debugf("CloudEvent types accepted on /: %s", functionByType);
    }

    void init(@Observes Router router) {
        router.route().order(ORDER).handler(CloudEventGuard::emptyBodyIsEmptyBuffer);
        router.post("/").order(ORDER).handler(ctx -> guard(ctx, null));
        for (String function : Set.copyOf(functionByType.values())) {
            router.post("/" + function).order(ORDER).handler(ctx -> guard(ctx, function));
        }
    }

    /** The ce-types accepted (for tests and logs). */
    public Set<String> acceptedTypes() {
        return functionByType.keySet();
    }

    private static void emptyBodyIsEmptyBuffer(RoutingContext ctx) {
        if (ctx.body().available() && ctx.body().buffer() == null && ctx instanceof RoutingContextInternal internal) {
            internal.setBody(Buffer.buffer());
        }
        ctx.next();
    }

    private void guard(RoutingContext ctx, String function) {
        Optional<String> refusal = check(ctx, function);
        if (refusal.isEmpty()) {
            ctx.next();
            return;
        }
        LOG.debugf("refused %s %s (ce-id %s): %s", ctx.request().method(), ctx.request().path(),
                ctx.request().getHeader("ce-id"), refusal.get());
        byte[] body;
        try {
            body = PROBLEM.writeValueAsBytes(Problem.invalid(null, refusal.get()));
        } catch (IOException e) {
            body = "{\"status\":400}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ctx.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Buffer.buffer(body));
    }

    /** Why the request is not a CloudEvent this service consumes, or empty if it is one. */
    Optional<String> check(RoutingContext ctx, String function) {
        String contentType = ctx.request().getHeader("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/cloudevents-batch+json")) {
            return Optional.of("batched CloudEvents are not accepted");
        }
        if (!utf8Charset(contentType)) {
            return Optional.of("the content type must be JSON in UTF-8, not '" + contentType + "'");
        }
        Buffer buffer = ctx.body().buffer();
        byte[] raw = buffer == null ? new byte[0] : buffer.getBytes();
        if (mediaType.equals("application/cloudevents+json")) {
            return structured(raw, function);
        }
        Optional<String> attributes = attributes(ctx.request().getHeader("ce-specversion"),
                ctx.request().getHeader("ce-id"), ctx.request().getHeader("ce-source"),
                ctx.request().getHeader("ce-type"), function);
        if (attributes.isPresent()) {
            return attributes;
        }
        if (!json(mediaType)) {
            return Optional.of("the content type must be application/json, not '" + contentType + "'");
        }
        if (raw.length == 0) {
            return Optional.of("body required: the event's data (a JSON object)");
        }
        Optional<String> text = Utf8.decode(raw);
        if (text.isEmpty()) {
            return Optional.of("the event's data is not valid UTF-8");
        }
        try {
            return dataObject(JSON.readTree(text.get()));
        } catch (IOException e) {
            return Optional.of("the event's data is not JSON: " + firstLine(e.getMessage()));
        }
    }

    private Optional<String> structured(byte[] raw, String function) {
        Optional<String> text = Utf8.decode(raw);
        if (text.isEmpty()) {
            return Optional.of("the CloudEvent is not valid UTF-8");
        }
        JsonNode ce;
        try {
            ce = JSON.readTree(text.get());
        } catch (IOException e) {
            return Optional.of("the CloudEvent is not JSON: " + firstLine(e.getMessage()));
        }
        if (ce == null || !ce.isObject()) {
            return Optional.of("a structured CloudEvent must be a JSON object");
        }
        Optional<String> attributes = attributes(string(ce, "specversion"), string(ce, "id"), string(ce, "source"),
                string(ce, "type"), function);
        if (attributes.isPresent()) {
            return attributes;
        }
        String dataType = string(ce, "datacontenttype");
        if (dataType != null && !json(dataType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("datacontenttype must be application/json, not '" + dataType + "'");
        }
        if (ce.has("data_base64")) {
            return Optional.of("data_base64 is not accepted: the data is a JSON object");
        }
        return dataObject(ce.get("data"));
    }

    private Optional<String> attributes(String specversion, String id, String source, String type, String function) {
        if (specversion == null || specversion.isBlank()) {
            return Optional.of("not a CloudEvent: ce-specversion is missing");
        }
        if (!specversion.equals("1.0")) {
            return Optional.of("unsupported CloudEvents specversion '" + specversion + "' (1.0 is)");
        }
        if (id == null || id.isBlank()) {
            return Optional.of("ce-id is missing");
        }
        if (source == null || source.isBlank()) {
            return Optional.of("ce-source is missing");
        }
        if (type == null || type.isBlank()) {
            return Optional.of("ce-type is missing");
        }
        String target = functionByType.get(type);
        if (target == null) {
            return Optional.of("quiz-service does not consume events of type '" + type + "'; it consumes "
                    + functionByType.keySet().stream().collect(Collectors.joining(", ")));
        }
        if (function != null && !function.equals(target)) {
            return Optional.of("events of type '" + type + "' go to " + target + ", not " + function);
        }
        return Optional.empty();
    }

    private static Optional<String> dataObject(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return Optional.of("body required: the event's data (a JSON object), not null");
        }
        if (!data.isObject()) {
            return Optional.of("the event's data must be a JSON object, not " + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
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
}
