package io.crowdsurf.gateway.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.crowdsurf.runtime.messaging.EventNotDurableException;
import io.crowdsurf.runtime.rest.ErrorPolicy;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The burst's path of {@code POST /webhooks/messenger}, as a Vert.x route ahead of Quarkus REST: a signed, well-formed
 * webhook that can be sent without blocking ({@link Offload#inline}) is verified, parsed and handed to the producer
 * here, on the event loop, and its 200 is written from Kafka's ack — no REST dispatch, request context, media-type
 * negotiation or message-body writer per webhook. It runs the very checks of {@link MessengerWebhookResource}
 * (same {@code Signatures.verifyMeta} over the raw bytes, same parser, same publisher), and everything that is not
 * that happy path goes on to the resource untouched ({@code ctx.next()}), which answers it as before: a channel
 * that is off (404), a bad signature (401), a bad body (400), a body over 64 KiB or a producer that might block
 * (virtual thread), an {@code Accept} that does not take text/plain (406). So every problem body stays the
 * resource's own. After the hand-over to Kafka only the outcome is left: the 200 once every record is acked, or
 * the resource mapper's 503 + {@code Retry-After} (same problem bytes) when Kafka did not take them in time.
 */
@ApplicationScoped
public class MessengerWebhookRoute {

    private static final Logger LOG = Logger.getLogger(MessengerWebhookRoute.class);
    /** After RoleRoutes (-110) and the runtime's EmptyBody/CloudEventGuard (-100), before Quarkus REST. */
    static final int ORDER = -90;
    static final String PATH = "/webhooks/messenger";
    static final String SIGNATURE = "X-Hub-Signature-256";

    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain;charset=UTF-8");
    private static final CharSequence PROBLEM = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence FIVE = HttpHeaders.createOptimized("5");
    /** The resource's answer, as Quarkus REST writes the String {@code EVENT_RECEIVED}. */
    private static final Buffer RECEIVED = Buffer.buffer("EVENT_RECEIVED");

    private final GatewayConfig config;
    private final InboundPublisher publisher;
    private final Offload offload;
    private final ObjectMapper json;
    private final Buffer notDurable;
    /** Webhooks this route took over (the rest went to the resource): tests check the fast path is the one used. */
    private final LongAdder taken = new LongAdder();

    public MessengerWebhookRoute(GatewayConfig config, InboundPublisher publisher, Offload offload, ObjectMapper json)
            throws JsonProcessingException {
        this.config = config;
        this.publisher = publisher;
        this.offload = offload;
        this.json = json;
        // ProblemMappers.notDurable's body, serialised once by the same mapper Quarkus REST uses.
        this.notDurable = Buffer.buffer(json.writeValueAsBytes(Problem.of(503, "Service Unavailable",
                "the event store is unavailable; retry later")));
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        List<ChatMessageReceived> messages = fastPathMessages(ctx);
        if (messages == null) {
            ctx.next();
            return;
        }
        taken.increment();
        Context loop = Vertx.currentContext();
        CompletableFuture<Integer> acked;
        try {
            acked = publisher.publishMessagesAsync(messages);
        } catch (RuntimeException e) {
            answer(ctx.response(), e); // a bug, not input: the resource's mapper would answer the same 500 problem
            return;
        }
        acked.whenComplete((published, failure) ->
                // Back on this request's event loop: Kafka's I/O thread must stay free for acks.
                loop.runOnContext(v -> answer(ctx.response(), failure)));
    }

    long taken() {
        return taken.sum();
    }

    /**
     * The webhook's messages when this route may answer it itself; null to leave it to the resource (which then
     * repeats the check that failed here and answers with its own problem).
     */
    private List<ChatMessageReceived> fastPathMessages(RoutingContext ctx) {
        if (!PATH.equals(ctx.normalizedPath()) || !acceptsTextPlain(ctx.request().getHeader(HttpHeaders.ACCEPT))
                || config.messenger().appSecret().filter(s -> !s.isBlank()).isEmpty()) {
            return null;
        }
        byte[] body = RawBody.of(ctx);
        if (!offload.inline(body.length, publisher.sendsWithoutBlocking())) {
            return null;
        }
        try {
            return MessengerWebhookResource.messages(config, body, ctx.request().getHeader(SIGNATURE));
        } catch (ProblemException e) {
            return null;
        }
    }

    /** What {@code @Produces(TEXT_PLAIN)} accepts without a 406: no Accept, or one naming text/plain or a wildcard. */
    static boolean acceptsTextPlain(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        // A q=0 entry would refuse it; such headers are left to Quarkus REST's full negotiation.
        return !a.contains("q=0") && (a.contains("*/*") || a.contains("text/*") || a.contains("text/plain"));
    }

    private void answer(HttpServerResponse res, Throwable failure) {
        if (res.closed() || res.ended()) {
            return; // the platform hung up; it will redeliver
        }
        if (failure == null) {
            res.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).end(RECEIVED);
            return;
        }
        Throwable cause = failure.getCause() != null && !(failure instanceof EventNotDurableException)
                ? failure.getCause() : failure;
        if (cause instanceof EventNotDurableException) {
            LOG.warnf("answering 503: %s", cause.getMessage());
            res.setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM).putHeader(RETRY_AFTER, FIVE)
                    .end(notDurable);
            return;
        }
        Problem problem = ErrorPolicy.unexpected(LOG, "request", cause, "unexpected error; it has been logged");
        try {
            res.setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM)
                    .end(Buffer.buffer(json.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            res.setStatusCode(500).end();
        }
    }
}
