package io.crowdsurf.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.messaging.InboundPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Telegram webhook (setWebhook with secret_token). A tapped inline button is answered in the webhook
 * response itself ({@code answerCallbackQuery} as a reply method), which stops the button's spinner
 * without an extra API call.
 */
@Path("/webhooks/telegram")
public class TelegramWebhookResource {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final GatewayConfig config;
    private final InboundPublisher publisher;
    private final Offload offload;

    public TelegramWebhookResource(GatewayConfig config, InboundPublisher publisher, Offload offload) {
        this.config = config;
        this.publisher = publisher;
        this.offload = offload;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam(SECRET_HEADER) String secretHeader, RoutingContext context) {
        byte[] body = RawBody.of(context);
        return offload.run(() -> handle(secretHeader, body));
    }

    private Response handle(String secretHeader, byte[] body) {
        String secret = Channels.secretOrNotFound(config.telegram().secretToken(), "Telegram", "TELEGRAM_SECRET_TOKEN");
        Signatures.verifyToken(secret, secretHeader, SECRET_HEADER);
        JsonNode update = JsonBodies.object(body);
        TelegramParser.parse(update, botId(config.telegram()))
                .ifPresent(m -> publisher.publishMessages(List.of(m)));
        return TelegramParser.callbackQueryId(update)
                .map(id -> Response.ok(Map.of("method", "answerCallbackQuery", "callback_query_id", id)).build())
                .orElseGet(() -> Response.ok().build());
    }

    /** The numeric prefix of the bot token is the bot's own user id. */
    public static String botId(GatewayConfig.Telegram telegram) {
        return telegram.botToken().filter(t -> t.indexOf(':') > 0).map(t -> t.substring(0, t.indexOf(':')))
                .orElse(telegram.defaultBotId());
    }
}
