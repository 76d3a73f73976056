package io.crowdsurf.gateway.function;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.gateway.service.ReplySender;
import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumer of {@code com.crowdsurf.chat.reply.requested} (Trigger bot-gateway--chat-reply-requested,
 * delivered in binary HTTP mode to {@code /}). Returns nothing: the outcome events are published to
 * Kafka directly. An exception answers 500 and the broker redelivers (see {@link ReplySender}).
 *
 * <p>bot-gateway is public (webhooks), so its {@code /} is too: with {@code crowdsurf.events.signing-key}
 * ({@code CROWDSURF_EVENTS_SIGNING_KEY}) set, only events carrying a valid {@link EventSignature} are sent.
 * The signature covers the data as {@link EventJson} writes it; re-serialising the record that Funqy read
 * gives those bytes back, and means every field this function acts on is covered. Unsigned requests are
 * already refused by the {@code CloudEventGuard} before Funqy (401); a wrong signature is refused here (401).
 * Neither sends nor writes anything, and a 4xx is not retried by the broker.
 */
public class ReplyFunction {

    private static final Logger LOG = Logger.getLogger(ReplyFunction.class);

    private final ReplySender sender;
    private final Optional<String> signingKey;

    public ReplyFunction(ReplySender sender, EventsConfig events) {
        this.sender = sender;
        this.signingKey = events.activeSigningKey();
    }

    void warnIfOpen(@Observes StartupEvent startup) {
        if (signingKey.isEmpty()) {
            LOG.warn("CROWDSURF_EVENTS_SIGNING_KEY is not set: POST / accepts unsigned chat.reply.requested events, "
                    + "so anyone who can reach this service can make the bot message any user. Fine for dev mode only.");
        }
    }

    @Funq
    public void chatReplyRequested(ChatReplyRequested reply, @Context CloudEvent<?> event) {
        signingKey.ifPresent(key -> verify(key, reply, event));
        sender.handle(reply, event == null || event.time() == null ? null : event.time().toInstant());
    }

    static void verify(String key, ChatReplyRequested reply, CloudEvent<?> event) {
        String presented = event == null || event.extensions() == null ? null
                : event.extensions().get(EventSignature.EXTENSION);
        byte[] data = reply == null ? null : EventJson.write(reply);
        if (event == null || !EventSignature.verify(key, event.id(), event.type(), event.source(), data, presented)) {
            throw new ProblemException(Problem.of(401, "Unauthorized", "the event's " + EventSignature.EXTENSION
                    + " signature is missing or does not match; only events produced inside Crowdsurf are sent"));
        }
    }
}
