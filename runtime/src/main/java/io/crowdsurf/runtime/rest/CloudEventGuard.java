package io.crowdsurf.runtime.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps everything that is not a CloudEvent this service consumes away from its Funqy functions at
 * {@code POST /}. Funqy answers 500 for any input it cannot use, which makes a broker retry garbage and,
 * on a public service, lets anyone reach the functions. This Vert.x route runs before Funqy's and only
 * looks at headers (plus the body Vert.x already buffered, if any; it never reads one itself):
 *
 * <ul>
 * <li>binary-mode CloudEvent attributes {@code ce-specversion: 1.0}, {@code ce-id}, {@code ce-type},
 * {@code ce-source} missing → 400;</li>
 * <li>a {@code ce-type} the service does not consume → 400;</li>
 * <li>with {@code crowdsurf.events.guard.require-signature} and a signing key configured, no
 * {@code ce-crowdsurfsig} → 401 (the function verifies the signature itself against the data);</li>
 * <li>a buffered body that is empty or not valid UTF-8 → 400.</li>
 * </ul>
 *
 * Its failure handler turns what the functions throw into answers a broker understands: a
 * {@link ProblemException} becomes its problem (a 503 gets {@code Retry-After}), unreadable data a 400;
 * anything else stays a 500 (retried).
 *
 * <p>Accepted types: {@code crowdsurf.events.guard.types}, or the catalog's types consumed by
 * {@code crowdsurf.events.guard.consumer} (a service id). With neither the guard is off.
 */
@ApplicationScoped
public class CloudEventGuard {

    private static final Logger LOG = Logger.getLogger(CloudEventGuard.class);
    /** After Quarkus's body handler (so a rejected body has been read), before the default routes (Funqy). */
    static final int ORDER = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> accepted;
    private final boolean requireSignature;

    public CloudEventGuard(
            @ConfigProperty(name = "crowdsurf.events.guard.types") Optional<List<String>> types,
            @ConfigProperty(name = "crowdsurf.events.guard.consumer") Optional<String> consumer,
            @ConfigProperty(name = "crowdsurf.events.guard.require-signature", defaultValue = "false") boolean requireSignature,
            @ConfigProperty(name = "crowdsurf.events.signing-key") Optional<String> signingKey) {
        this.accepted = acceptedTypes(types.orElse(List.of()), consumer.filter(c -> !c.isBlank()));
        this.requireSignature = requireSignature && signingKey.filter(k -> !k.isBlank()).isPresent();
    }

    static Set<String> acceptedTypes(List<String> types, Optional<String> consumer) {
        Set<String> accepted = new LinkedHashSet<>();
        types.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(accepted::add);
        consumer.map(Service::of).ifPresent(service -> {
            for (EventType t : EventType.values()) {
                if (t.consumers().contains(service)) {
                    accepted.add(t.type());
                }
            }
        });
        return Set.copyOf(accepted);
    }

    public Set<String> accepted() {
        return accepted;
    }

    void install(@Observes Router router) {
        if (accepted.isEmpty()) {
            return;
        }
        LOG.debugf("CloudEvent guard on POST /: %s%s", accepted, requireSignature ? ", signature required" : "");
        router.route(HttpMethod.POST, "/").order(ORDER).handler(this::check);
        router.route(HttpMethod.POST, "/").order(ORDER).failureHandler(CloudEventGuard::failed);
    }

    /** Null when the request may go on to the functions, else the problem to answer with. */
    Problem problem(RoutingContext ctx) {
        var headers = ctx.request().headers();
        if (!"1.0".equals(headers.get("ce-specversion"))) {
            return Problem.invalid("ce-specversion", "POST / takes binary-mode CloudEvents 1.0 only "
                    + "(ce-specversion: 1.0, ce-id, ce-type, ce-source headers)");
        }
        for (String required : List.of("ce-id", "ce-type", "ce-source")) {
            String value = headers.get(required);
            if (value == null || value.isBlank()) {
                return Problem.invalid(required, "the CloudEvent attribute header " + required + " is missing");
            }
        }
        String type = headers.get("ce-type");
        if (!accepted.contains(type)) {
            return Problem.invalid("ce-type", "this service does not consume '" + type + "'; it takes " + accepted);
        }
        if (requireSignature) {
            String sig = headers.get("ce-" + EventSignature.EXTENSION);
            if (sig == null || sig.isBlank()) {
                return Problem.of(401, "Unauthorized", "the event carries no " + EventSignature.EXTENSION
                        + " signature; only events produced inside Crowdsurf are accepted");
            }
        }
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        if (body != null && body.available() && (buffer == null || buffer.length() == 0)) {
            // Every type in the catalog carries data; Funqy would fail on the missing body with a 500.
            return Problem.invalid("data", "the event has no data");
        }
        if (buffer != null && !Utf8.valid(buffer.getBytes())) {
            return Problem.invalid("data", "the event data is not valid UTF-8");
        }
        return null;
    }

    private void check(RoutingContext ctx) {
        Problem problem = problem(ctx);
        if (problem == null) {
            ctx.next();
        } else {
            respond(ctx, problem);
        }
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
        if (problem == null) {
            ctx.next();
            return;
        }
        if (problem.status() >= 500) {
            LOG.debugf("POST / answered %d: %s", problem.status(), problem.detail());
        }
        respond(ctx, problem);
    }

    private static void respond(RoutingContext ctx, Problem problem) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            json = ("{\"status\":" + problem.status() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 503 || problem.status() == 429) {
            response.putHeader("Retry-After", "1");
        }
        response.end(Buffer.buffer(json));
    }
}
