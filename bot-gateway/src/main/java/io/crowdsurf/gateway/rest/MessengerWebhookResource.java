package io.crowdsurf.gateway.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Messenger webhooks. The body is taken as raw bytes: the signature covers exactly those bytes.
 * 200 means every message in the batch is in Kafka; anything less is a 503 and Meta redelivers.
 */
@Path("/webhooks/messenger")
public class MessengerWebhookResource {

    private final GatewayConfig config;
    private final InboundPublisher publisher;
    private final Offload offload;

    public MessengerWebhookResource(GatewayConfig config, InboundPublisher publisher, Offload offload) {
        this.config = config;
        this.publisher = publisher;
        this.offload = offload;
    }

    /** The subscription handshake: echo hub.challenge when hub.verify_token is ours. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String verify(@QueryParam("hub.mode") String mode, @QueryParam("hub.verify_token") String token,
            @QueryParam("hub.challenge") String challenge) {
        String expected = Channels.secretOrNotFound(config.messenger().verifyToken(), "Messenger",
                "MESSENGER_VERIFY_TOKEN");
        if (!"subscribe".equals(mode) || !Signatures.matches(expected, token)) {
            throw new ProblemException(Problem.of(403, "Forbidden", "hub.mode or hub.verify_token is wrong"));
        }
        if (challenge == null || challenge.isEmpty()) {
            throw new ProblemException(Problem.invalid("hub.challenge", "hub.challenge is required"));
        }
        return challenge;
    }

    /**
     * A webhook {@link MessengerWebhookRoute} did not answer itself (channel off, bad signature or body, a big body,
     * a producer that may block): the same checks, answered by the problem mappers.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> receive(@HeaderParam("X-Hub-Signature-256") String signature, RoutingContext context) {
        byte[] body = RawBody.of(context);
        if (offload.inline(body.length, publisher.sendsWithoutBlocking())) {
            // The burst's path: one pass over the signed bytes, records straight to the producer, 200 from the ack.
            return offload.onEventLoop(publisher.publishMessagesAsync(messages(config, body, signature)))
                    .replaceWith(RECEIVED);
        }
        return offload.run(() -> {
            publisher.publishMessages(messages(config, body, signature));
            return RECEIVED;
        });
    }

    private static final String RECEIVED = "EVENT_RECEIVED";

    /** The fan messages of a signed body; 404 when the channel is off, 401 on a bad signature, 400 on a bad body. */
    static List<ChatMessageReceived> messages(GatewayConfig config, byte[] body, String signature) {
        String secret = Channels.secretOrNotFound(config.messenger().appSecret(), "Messenger", "MESSENGER_APP_SECRET");
        Signatures.verifyMeta(secret, body, signature);
        return MessengerParser.parse(JsonBodies.object(body));
    }
}
