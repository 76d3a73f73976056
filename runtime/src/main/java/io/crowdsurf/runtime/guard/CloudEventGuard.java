package io.crowdsurf.runtime.guard;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.rest.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps everything that is not a CloudEvent this service consumes away from its Funqy functions at
 * {@code POST /} and {@code POST /<function>}, and applies the one error policy to what they throw. Funqy answers
 * 500 for any input it cannot use, which makes a broker retry garbage and, on a public service, lets anyone
 * reach the functions. Configured by {@link EventsConfig#guard()}; no code in the service.
 *
 * <p>Installs, before Quarkus REST and Funqy (order {@value #ORDER}, after Quarkus's body handler so the body is
 * buffered; Funqy reads the same buffer afterwards):
 * <ul>
 * <li>{@link EmptyBody} on every route (guard on or off);</li>
 * <li>{@link EventCheck} on the guarded paths ({@link GuardedFunctions}): the content type ({@link MediaTypes}),
 * the attributes ({@link AttributeCheck}) and the data ({@link EventData}) — refusals are 400, or 401 for a
 * missing signature when {@code crowdsurf.events.guard.require-signature} and a signing key are set;</li>
 * <li>{@link FunctionFailures} on the same paths: the error policy (docs/operations.md).</li>
 * </ul>
 * Accepted types: {@code crowdsurf.events.guard.types}, plus the catalog's types consumed by
 * {@code crowdsurf.events.guard.consumer} — of those, only the ones with a Funqy trigger mapping when the service
 * has any. With no accepted type the guard is off.
 */
@ApplicationScoped
public class CloudEventGuard {

    private static final Logger LOG = Logger.getLogger(CloudEventGuard.class);
    /** After Quarkus's body handler (so the body is buffered), before Quarkus REST and Funqy. */
    static final int ORDER = -100;
    static final int MAX_DEPTH = EventData.MAX_DEPTH;

    private final GuardedFunctions functions;
    private final boolean requireSignature;
    private final EventCheck check;

    @Inject
    public CloudEventGuard(EventsConfig events, Config config) {
        this(events.guard().types().orElse(List.of()), events.guard().consumer().filter(c -> !c.isBlank()),
                GuardedFunctions.mappings(config),
                events.guard().requireSignature() && events.activeSigningKey().isPresent());
    }

    /** @param mappings {@code <function>.<key>} → value, the {@code quarkus.funqy.knative-events.mapping.} keys */
    CloudEventGuard(List<String> types, Optional<String> consumer, Map<String, String> mappings, boolean requireSignature) {
        this.functions = GuardedFunctions.of(types, consumer, mappings);
        this.requireSignature = requireSignature;
        this.check = new EventCheck(new AttributeCheck(functions, requireSignature));
    }

    public Set<String> accepted() {
        return functions.accepted();
    }

    /** The guarded paths: {@code /} and {@code /<function>}. */
    public Set<String> paths() {
        return functions.paths();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(new EmptyBody());
        if (functions.none()) {
            return;
        }
        LOG.debugf("CloudEvent guard on POST %s: %s%s", paths(), accepted(), requireSignature ? ", signature required" : "");
        router.route(HttpMethod.POST, "/").order(ORDER).handler(ctx -> refuseOrPass(ctx, null));
        for (String function : functions.functions()) {
            router.route(HttpMethod.POST, "/" + function).order(ORDER).handler(ctx -> refuseOrPass(ctx, function));
        }
        FunctionFailures failures = new FunctionFailures();
        for (String path : paths()) {
            router.route(HttpMethod.POST, path).order(ORDER).failureHandler(failures);
        }
    }

    private void refuseOrPass(RoutingContext ctx, String function) {
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        Problem problem = problem(ctx.request()::getHeader, buffer == null ? new byte[0] : buffer.getBytes(), function);
        if (problem == null) {
            ctx.next();
            return;
        }
        LOG.debugf("refused %s %s (ce-id %s): %s", ctx.request().method(), ctx.request().path(),
                ctx.request().getHeader("ce-id"), problem.detail());
        ProblemResponse.send(ctx, problem);
    }

    /** See {@link EventCheck#problem}. */
    Problem problem(Function<String, String> header, byte[] raw, String function) {
        return check.problem(header, raw, function);
    }
}
