package io.crowdsurf.alert.function;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.crowdsurf.alert.OpenMeteoResource;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.alert.AlertTests.admin;
import static io.crowdsurf.alert.AlertTests.alert;
import static io.crowdsurf.alert.AlertTests.create;
import static io.crowdsurf.alert.AlertTests.events;
import static io.crowdsurf.alert.AlertTests.freshPlace;
import static io.crowdsurf.alert.AlertTests.post;
import static io.crowdsurf.alert.AlertTests.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * {@code /alerts} in the chat → a personal link; the token in it manages that conversation's alerts and no other's,
 * cannot be forged, and the command is answered once however often it is delivered.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OpenMeteoResource.class, restrictToAnnotatedClass = false)
public class CommandTest {

    private static final String COMMAND = EventType.CHAT_COMMAND_RECEIVED.type();
    private static final Pattern TOKEN = Pattern.compile("/alerts\\?t=(v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    public static String askForLink(String user, String eventId) {
        String conv = "webchat:dj-bash:" + user;
        ChatCommandReceived c = new ChatCommandReceived(Platform.WEBCHAT, "dj-bash", user, conv, eventId, "/alerts", "",
                null, Instant.now());
        assertThat(post(COMMAND, eventId, "/crowdsurf/bot-gateway/webchat", c, true)).isEqualTo(204);
        List<ChatReplyRequested> replies = events(conv, EventType.CHAT_REPLY_REQUESTED.type()).stream()
                .map(e -> CrowdsurfEvents.data(e, ChatReplyRequested.class)).toList();
        assertThat(replies).isNotEmpty();
        Matcher m = TOKEN.matcher(replies.get(replies.size() - 1).text());
        assertThat(m.find()).as(replies.get(0).text()).isTrue();
        return m.group(1);
    }

    @Test
    void alertsCommandAnswersOnceWithAPersonalLink() {
        String user = "u" + unique();
        String eventId = "webchat:" + user + ":c1";
        String token = askForLink(user, eventId);
        String conv = "webchat:dj-bash:" + user;
        // Redelivered: the same replyId again, which bot-gateway sends once.
        assertThat(post(COMMAND, eventId, "/crowdsurf/bot-gateway/webchat",
                new ChatCommandReceived(Platform.WEBCHAT, "dj-bash", user, conv, eventId, "/alerts", "", null, null), true))
                .isEqualTo(204);
        assertThat(events(conv, EventType.CHAT_REPLY_REQUESTED.type()).stream()
                .map(e -> CrowdsurfEvents.data(e, ChatReplyRequested.class).replyId()).distinct()).hasSize(1);

        // The link's pages open with the token, and the API takes the owner from it.
        given().queryParam("t", token).get("/alerts/new").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Create New Alert"));
        given().queryParam("t", token).get("/alerts").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(alert("Mine", null, freshPlace(), Map.of("light", List.of("sunset"))))
                .post("/api/v1/alerts").then().statusCode(201).body("owner.conversationId", equalTo(conv));
        given().header("Authorization", "Bearer " + token).get("/api/v1/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].nickname", equalTo("Mine"));
    }

    @Test
    void aTokenCannotReachAnotherConversation() {
        String mine = askForLink("u" + unique(), "webchat:x:" + unique());
        String otherConv = "webchat:dj-bash:" + unique();
        String theirs = create(alert("Theirs", otherConv, freshPlace(), Map.of("light", List.of("noon"))));

        given().header("Authorization", "Bearer " + mine).get("/api/v1/alerts/" + theirs).then().statusCode(404);
        given().header("Authorization", "Bearer " + mine).delete("/api/v1/alerts/" + theirs).then().statusCode(404);
        given().header("Authorization", "Bearer " + mine).contentType("application/json")
                .body(alert("Spam", otherConv, freshPlace(), Map.of("light", List.of("noon"))))
                .post("/api/v1/alerts").then().statusCode(403);
        admin().get("/api/v1/alerts/" + theirs).then().statusCode(200);

        // Rewriting the claims to name the other conversation breaks the signature.
        String[] parts = mine.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forgedClaims = claims.replaceAll("\"c\":\"[^\"]+\"", "\"c\":\"" + otherConv + "\"");
        String forged = "v1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedClaims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        given().header("Authorization", "Bearer " + forged).get("/api/v1/alerts").then().statusCode(401);
        given().queryParam("t", forged).get("/alerts/new").then().statusCode(401);
        given().get("/alerts").then().statusCode(401);
    }

    @Test
    void unsignedCommandsAreRefusedAndOtherCommandsIgnored() {
        String user = "u" + unique();
        String conv = "webchat:dj-bash:" + user;
        ChatCommandReceived alerts = new ChatCommandReceived(Platform.WEBCHAT, "dj-bash", user, conv, "c", "/alerts", "",
                null, null);
        assertThat(post(COMMAND, "unsigned-" + user, "/crowdsurf/bot-gateway/webchat", alerts, false)).isEqualTo(401);
        ChatCommandReceived stats = new ChatCommandReceived(Platform.WEBCHAT, "dj-bash", user, conv, "c", "/stats", "",
                null, null);
        assertThat(post(COMMAND, "stats-" + user, "/crowdsurf/bot-gateway/webchat", stats, true)).isEqualTo(204);
        assertThat(events(conv)).isEmpty();
    }
}
