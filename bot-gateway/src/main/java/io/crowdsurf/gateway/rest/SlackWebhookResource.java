package io.crowdsurf.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Slack: the Events API, slash commands and interactive buttons, all signed with the v0 scheme.
 * Each answers as soon as Kafka has the event, well inside Slack's 3-second limit; a slash command's
 * real answer comes later through its response_url. Slack retries (X-Slack-Retry-Num) carry the same
 * channel + ts, hence the same event id, so a retry changes nothing downstream.
 */
@Path("/webhooks/slack")
public class SlackWebhookResource {

    private static final Logger LOG = Logger.getLogger(SlackWebhookResource.class);

    private final GatewayConfig config;
    private final InboundPublisher publisher;
    private final Clock clock;
    private final Offload offload;

    public SlackWebhookResource(GatewayConfig config, InboundPublisher publisher, Clock clock, Offload offload) {
        this.config = config;
        this.publisher = publisher;
        this.clock = clock;
        this.offload = offload;
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> events(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature, @HeaderParam("X-Slack-Retry-Num") String retryNum,
            RoutingContext context) {
        byte[] body = RawBody.of(context);
        return offload.run(() -> event(timestamp, signature, retryNum, body));
    }

    private Response event(String timestamp, String signature, String retryNum, byte[] body) {
        verify(timestamp, signature, body);
        JsonNode root = JsonBodies.object(body);
        String type = JsonBodies.text(root, "type");
        if ("url_verification".equals(type)) {
            String challenge = JsonBodies.text(root, "challenge");
            if (challenge == null) {
                throw new ProblemException(Problem.invalid("challenge", "url_verification needs a challenge"));
            }
            return Response.ok(Map.of("challenge", challenge)).build();
        }
        if ("event_callback".equals(type)) {
            if (retryNum != null && LOG.isDebugEnabled()) {
                LOG.debugf("Slack retry %s of event %s", retryNum, JsonBodies.text(root, "event_id"));
            }
            SlackParser.event(root).ifPresent(m -> publisher.publishMessages(List.of(m)));
        }
        return Response.ok().build();
    }

    @POST
    @Path("/commands")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> commands(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature, RoutingContext context) {
        byte[] body = RawBody.of(context);
        return offload.run(() -> command(timestamp, signature, body));
    }

    private Response command(String timestamp, String signature, byte[] body) {
        verify(timestamp, signature, body);
        Map<String, String> form = FormBody.parse(body);
        if ("1".equals(form.get("ssl_check"))) {
            return Response.ok().build();
        }
        publisher.publishCommand(SlackParser.command(form));
        // An empty 200 acknowledges without posting anything; the answer follows on response_url.
        return Response.ok().build();
    }

    /** The Interactivity Request URL: block_actions from the answer buttons we send. */
    @POST
    @Path("/interactivity")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> interactivity(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature, RoutingContext context) {
        byte[] body = RawBody.of(context);
        return offload.run(() -> action(timestamp, signature, body));
    }

    private Response action(String timestamp, String signature, byte[] body) {
        verify(timestamp, signature, body);
        String payload = FormBody.required(FormBody.parse(body), "payload");
        JsonNode root = JsonBodies.object(payload.getBytes(StandardCharsets.UTF_8));
        SlackParser.action(root).ifPresent(m -> publisher.publishMessages(List.of(m)));
        return Response.ok().build();
    }

    private void verify(String timestamp, String signature, byte[] body) {
        String secret = Channels.secretOrNotFound(config.slack().signingSecret(), "Slack", "SLACK_SIGNING_SECRET");
        Signatures.verifySlack(secret, body, timestamp, signature, clock.instant(), config.slack().maxClockSkew());
    }
}
