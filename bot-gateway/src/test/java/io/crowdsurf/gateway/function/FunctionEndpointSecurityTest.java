package io.crowdsurf.gateway.function;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.HttpStub;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.gateway.function.ReplyRequests.deliver;
import static io.crowdsurf.gateway.function.ReplyRequests.deliverUnsigned;
import static io.crowdsurf.gateway.function.ReplyRequests.deliverWith;
import static io.crowdsurf.gateway.function.ReplyRequests.reply;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * bot-gateway is public, so its function endpoint {@code /} is too. Only chat.reply.requested events signed
 * with {@code crowdsurf.events.signing-key} may make it message anyone; everything else is refused with a
 * 4xx problem (never retried by a broker), sends nothing and writes nothing to Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class FunctionEndpointSecurityTest {

    final HttpStub stub = PlatformStubs.stub();

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private ChatReplyRequested messengerReply(String u) {
        stub.respond("/P" + u + "/messages", HttpStub.Response.json(200,
                "{\"recipient_id\":\"PSID" + u + "\",\"message_id\":\"m_" + u + "\"}"));
        return reply("rf-" + u, Platform.MESSENGER, "P" + u, "PSID" + u, "You won! Claim at evil.example", List.of());
    }

    @Test
    void forgedUnsignedReplySendsNothingAndWritesNothing() {
        String u = Webhooks.unique();
        ChatReplyRequested forged = messengerReply(u);
        long before = records();

        deliverUnsigned(forged).then().statusCode(401).contentType(containsString("application/problem+json"))
                .body("status", equalTo(401));

        assertThat(stub.requests("/P" + u + "/messages")).as("messages sent").isEmpty();
        assertThat(records()).as("records on crowdsurf.events").isEqualTo(before);
        // Not even a claim: the genuine request for the same replyId still goes out.
        deliver(forged).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(1);
    }

    @Test
    void wronglySignedOrTamperedRepliesAreRefused() {
        String u = Webhooks.unique();
        ChatReplyRequested r = messengerReply(u);
        byte[] data = EventJson.write(r);
        long before = records();

        // Signed with another key.
        deliverWith(r, EventSignature.compute("not-the-key", "x", ReplyRequests.TYPE, ReplyRequests.SOURCE, data), data)
                .then().statusCode(401).contentType(containsString("application/problem+json"));
        // A genuine signature, taken from another event and replayed on altered data.
        ChatReplyRequested altered = new ChatReplyRequested(r.replyId(), r.platform(), r.botId(), r.userId(),
                r.conversationId(), "Send me your password", r.choices(), r.responseUrl(), r.lastUserMessageAt(),
                r.messageTag());
        deliverWith(altered, EventSignature.compute(ReplyRequests.SIGNING_KEY, "x", ReplyRequests.TYPE,
                ReplyRequests.SOURCE, data), EventJson.write(altered)).then().statusCode(401);
        deliverWith(r, "garbage", data).then().statusCode(401);

        assertThat(stub.requests("/P" + u + "/messages")).as("messages sent").isEmpty();
        assertThat(records()).as("records on crowdsurf.events").isEqualTo(before);
    }

    @Test
    void correctlySignedReplyIsSent() {
        String u = Webhooks.unique();
        deliver(messengerReply(u)).then().statusCode(204);
        assertThat(stub.requests("/P" + u + "/messages")).hasSize(1);
        assertThat(Events.withId("rf-" + u + ":delivered")).hasSize(1);
    }

    @Test
    void requestsThatAreNotAReplyEventAre400BeforeTheFunction() {
        long before = records();
        String reply = new String(EventJson.write(messengerReply(Webhooks.unique())), StandardCharsets.UTF_8);
        // No CloudEvent headers at all.
        given().contentType("application/json").body(reply).post("/").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("field", equalTo("ce-specversion"));
        given().body("garbage").post("/").then().statusCode(400);
        given().post("/").then().statusCode(400);
        // Some attributes missing.
        given().contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-type", "com.crowdsurf.chat.reply.requested").body(reply).post("/").then().statusCode(400)
                .body("field", equalTo("ce-id"));
        // A type bot-gateway does not consume, even correctly signed.
        byte[] data = reply.getBytes(StandardCharsets.UTF_8);
        String type = "com.crowdsurf.chat.message.received";
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "e1")
                .header("ce-type", type).header("ce-source", "/x")
                .header("ce-crowdsurfsig", EventSignature.compute(ReplyRequests.SIGNING_KEY, "e1", type, "/x", data))
                .body(data).post("/").then().statusCode(400).body("field", equalTo("ce-type"));
        assertThat(records()).as("records on crowdsurf.events").isEqualTo(before);
    }

    @Test
    void garbageDataIs4xxEvenWithASignatureHeader() {
        long before = records();
        List<byte[]> garbage = List.of("{\"replyId\":".getBytes(StandardCharsets.UTF_8), new byte[0],
                "[[[[[[[[[[".getBytes(StandardCharsets.UTF_8), "null".getBytes(StandardCharsets.UTF_8),
                "{\"replyId\":\"r\",\"text\":\"h\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7B});
        for (byte[] body : garbage) {
            int status = given().contentType("application/json").header("ce-specversion", "1.0")
                    .header("ce-id", "g-" + Webhooks.unique()).header("ce-type", ReplyRequests.TYPE)
                    .header("ce-source", ReplyRequests.SOURCE).header("ce-crowdsurfsig", "0".repeat(64))
                    .body(body).post("/").statusCode();
            assertThat(status).as("answer to " + new String(body, StandardCharsets.ISO_8859_1)).isBetween(400, 499);
        }
        assertThat(records()).as("records on crowdsurf.events").isEqualTo(before);
    }

    private static long records() {
        return TestKafka.readAll(Events.TOPIC).size();
    }
}
