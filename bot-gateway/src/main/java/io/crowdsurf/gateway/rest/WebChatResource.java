package io.crowdsurf.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.client.WebChatHub;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.crowdsurf.gateway.service.WebChatLimits;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The web chat: a self-contained page at {@code /chat}, {@code POST /chat/api/messages} to talk, and
 * {@code GET /chat/api/stream} (Server-Sent Events) for the bot's answers. A session id, made by the
 * page and kept in the browser, plays the fan's user id; {@code ?site=} plays the bot id.
 */
@Path("/chat")
public class WebChatResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_TEXT = 2000;
    static final int MAX_CHOICE = 1000;

    /** What the page posts. */
    public record Sent(String messageId, String conversationId) {
    }

    private final InboundPublisher publisher;
    private final WebChatHub hub;
    private final Clock clock;
    private final Offload offload;
    private final WebChatLimits limits;
    private final byte[] page;

    public WebChatResource(InboundPublisher publisher, WebChatHub hub, Clock clock, Offload offload,
            WebChatLimits limits) {
        this.publisher = publisher;
        this.hub = hub;
        this.clock = clock;
        this.offload = offload;
        this.limits = limits;
        try (InputStream in = WebChatResource.class.getResourceAsStream("/webchat/chat.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("web chat page missing from the classpath", e));
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return Response.ok(page).type("text/html; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; connect-src 'self'")
                .build();
    }

    /** {"sessionId", "text"} or {"sessionId", "choice"}, optionally "clientMessageId" to make retries idempotent. */
    @POST
    @Path("/api/messages")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@QueryParam("site") @DefaultValue("default") String site, RoutingContext context) {
        byte[] body = RawBody.of(context);
        String client = clientOf(context);
        return offload.run(() -> accept(site, body, client));
    }

    /** The remote address (the forwarded one when quarkus.http.proxy.proxy-address-forwarding is on). */
    private static String clientOf(RoutingContext context) {
        var address = context.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    private Response accept(String site, byte[] body, String client) {
        requireMatch(SITE, site, "site");
        JsonNode json = JsonBodies.object(body);
        String sessionId = requireMatch(ID, JsonBodies.text(json, "sessionId"), "sessionId");
        String text = trimToNull(JsonBodies.text(json, "text"));
        String choice = trimToNull(JsonBodies.text(json, "choice"));
        if (text == null && choice == null) {
            throw new ProblemException(Problem.invalid("text", "send a text or a choice"));
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw new ProblemException(Problem.invalid("text", "text is longer than " + MAX_TEXT + " characters"));
        }
        if (choice != null && choice.length() > MAX_CHOICE) {
            throw new ProblemException(Problem.invalid("choice", "choice is longer than " + MAX_CHOICE + " characters"));
        }
        String clientId = JsonBodies.text(json, "clientMessageId");
        String messageId = sessionId + ":" + (clientId == null ? UUID.randomUUID().toString()
                : requireMatch(ID, clientId, "clientMessageId"));
        String conversation = ConversationId.of(Platform.WEBCHAT, site, sessionId).toString();
        long wait = limits.admit(client, conversation, System.nanoTime());
        if (wait > 0) {
            return tooMany(wait);
        }
        publisher.publishMessages(List.of(new ChatMessageReceived(Platform.WEBCHAT, site, sessionId, conversation,
                messageId, text, choice, trimToNull(JsonBodies.text(json, "referral")), null, clock.instant())));
        return Response.accepted(new Sent(messageId, conversation)).build();
    }

    /** 429 with Retry-After in whole seconds, rounded up so that a client waiting as told is admitted. */
    static Response tooMany(long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return Response.fromResponse(Problem.of(429, "Too Many Requests",
                "this chat is sending too fast; retry after " + seconds + " s").toResponse())
                .header("Retry-After", Long.toString(seconds)).build();
    }

    @GET
    @Path("/api/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("session") String session, @QueryParam("site") @DefaultValue("default") String site,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") String after,
            @Context SseEventSink sink, @Context Sse sse) {
        requireMatch(ID, session, "session");
        requireMatch(SITE, site, "site");
        hub.subscribe(ConversationId.of(Platform.WEBCHAT, site, session).toString(), sink, sse,
                // EventSource sends Last-Event-ID on reconnects; a reloaded page says what it has with ?after=.
                Math.max(lastSeen(lastEventId), lastSeen(after)));
    }

    private static long lastSeen(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String requireMatch(Pattern pattern, String value, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new ProblemException(Problem.invalid(field, field + " must match " + pattern.pattern()));
        }
        return value;
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
