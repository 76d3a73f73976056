package io.crowdsurf.gateway.function;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** Delivers chat.reply.requested the way the broker (or the local dispatcher) does: binary-mode HTTP to /. */
final class ReplyRequests {

    private ReplyRequests() {
    }

    static ChatReplyRequested reply(String replyId, Platform platform, String botId, String peer, String text,
            List<Choice> choices) {
        return new ChatReplyRequested(replyId, platform, botId, peer, platform.id() + ":" + botId + ":" + peer, text,
                choices, null, Instant.now(), null);
    }

    static Response deliver(ChatReplyRequested reply) {
        return given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "com.crowdsurf.chat.reply.requested")
                .header("ce-source", "/crowdsurf/quiz-service")
                .header("ce-subject", reply.conversationId() == null ? "x" : reply.conversationId())
                .header("ce-partitionkey", reply.conversationId() == null ? "x" : reply.conversationId())
                .body(EventJson.write(reply))
                .post("/");
    }
}
