package io.crowdsurf.gateway.rest;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.Events;
import io.crowdsurf.gateway.PlatformStubs;
import io.crowdsurf.gateway.Webhooks;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /alerts} typed in a chat without slash commands (web chat here; Messenger and Telegram go through the
 * same publisher) is published as {@code chat.command.received} with the {@code crowdsurfcommand} extension that
 * alert-service's Trigger filters on; other text stays {@code chat.message.received}.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PlatformStubs.class, restrictToAnnotatedClass = false)
class TextCommandTest {

    @Test
    void leadingSlashAlertsInTheWebChatIsACommand() {
        String session = "s" + Webhooks.unique() + "abcdef";
        post(session, "c0000001", " /alerts  ");
        post(session, "c0000002", "/alertsx please");
        post(session, "c0000003", "show me /alerts");

        CloudEvent command = single("webchat:" + session + ":c0000001");
        assertThat(command.getType()).isEqualTo(EventType.CHAT_COMMAND_RECEIVED.type());
        assertThat(command.getExtension(CrowdsurfEvents.COMMAND)).isEqualTo("alerts");
        ChatCommandReceived c = CrowdsurfEvents.data(command, ChatCommandReceived.class);
        assertThat(c.platform()).isEqualTo(Platform.WEBCHAT);
        assertThat(c.command()).isEqualTo("/alerts");
        assertThat(c.conversationId()).isEqualTo("webchat:dj-bash:" + session);
        assertThat(c.commandId()).isEqualTo(session + ":c0000001");

        assertThat(single("webchat:" + session + ":c0000002").getType()).isEqualTo(EventType.CHAT_MESSAGE_RECEIVED.type());
        assertThat(single("webchat:" + session + ":c0000003").getType()).isEqualTo(EventType.CHAT_MESSAGE_RECEIVED.type());
    }

    @Test
    void commandNamesIgnoreCaseAndTelegramsBotSuffix() {
        assertThat(CrowdsurfEvents.commandName("/Alerts@CrowdsurfBot")).isEqualTo("alerts");
        assertThat(CrowdsurfEvents.commandName("/stats")).isEqualTo("stats");
    }

    private static void post(String session, String clientId, String text) {
        given().contentType("application/json").queryParam("site", "dj-bash")
                .body("{\"sessionId\":\"" + session + "\",\"text\":\"" + text + "\",\"clientMessageId\":\"" + clientId + "\"}")
                .post("/chat/api/messages").then().statusCode(202);
    }

    private static CloudEvent single(String id) {
        var events = Events.withId(id);
        assertThat(events).as(id).hasSize(1);
        return events.get(0);
    }
}
