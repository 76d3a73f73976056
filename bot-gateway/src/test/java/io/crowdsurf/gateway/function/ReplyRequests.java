package io.crowdsurf.gateway.function;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/**
 * Delivers chat.reply.requested the way the broker (or the local dispatcher) does: binary-mode HTTP to /,
 * signed with the test profile's {@code crowdsurf.events.signing-key} as quiz-service's EventPublisher does.
 */
public final class ReplyRequests {

    /** {@code %test.crowdsurf.events.signing-key} in application.properties. */
    public static final String SIGNING_KEY = "test-events-signing-key";
    static final String TYPE = "com.crowdsurf.chat.reply.requested";
    static final String SOURCE = "/crowdsurf/quiz-service";

    private ReplyRequests() {
    }

    public static ChatReplyRequested reply(String replyId, Platform platform, String botId, String peer, String text,
            List<Choice> choices) {
        return new ChatReplyRequested(replyId, platform, botId, peer, platform.id() + ":" + botId + ":" + peer, text,
                choices, null, Instant.now(), null);
    }

    /** A correctly signed delivery. */
    public static Response deliver(ChatReplyRequested reply) {
        return deliver(reply, UUID.randomUUID().toString());
    }

    public static Response deliver(ChatReplyRequested reply, String eventId) {
        byte[] data = EventJson.write(reply);
        return request(reply, eventId)
                .header("ce-" + EventSignature.EXTENSION, EventSignature.compute(SIGNING_KEY, eventId, TYPE, SOURCE, data))
                .body(data).post("/");
    }

    /** A forged delivery: no signature at all. */
    public static Response deliverUnsigned(ChatReplyRequested reply) {
        return request(reply, UUID.randomUUID().toString()).body(EventJson.write(reply)).post("/");
    }

    /** A delivery with this signature header and these data bytes. */
    public static Response deliverWith(ChatReplyRequested reply, String signature, byte[] data) {
        return request(reply, UUID.randomUUID().toString()).header("ce-" + EventSignature.EXTENSION, signature)
                .body(data).post("/");
    }

    private static RequestSpecification request(ChatReplyRequested reply, String eventId) {
        return given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", eventId)
                .header("ce-type", TYPE)
                .header("ce-source", SOURCE)
                .header("ce-subject", reply.conversationId() == null ? "x" : reply.conversationId())
                .header("ce-partitionkey", reply.conversationId() == null ? "x" : reply.conversationId());
    }
}
