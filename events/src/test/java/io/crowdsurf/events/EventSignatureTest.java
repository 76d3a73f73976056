package io.crowdsurf.events;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;

class EventSignatureTest {

    private static final String KEY = "k3y";

    private static CloudEvent reply(String text) {
        ChatReplyRequested data = new ChatReplyRequested("r-1", Platform.MESSENGER, "page", "psid", "messenger:page:psid",
                text, List.of(), null, Instant.parse("2026-11-23T10:00:00Z"), null);
        return CrowdsurfEvents.build(EventType.CHAT_REPLY_REQUESTED, "r-1", "/crowdsurf/quiz-service", "c", "c", data);
    }

    @Test
    void signedEventVerifiesAndSurvivesTheJsonRoundTrip() {
        CloudEvent signed = EventSignature.sign(KEY, reply("You won!"));
        String sig = (String) signed.getExtension(EventSignature.EXTENSION);
        // A consumer sees the data as a record and re-serializes it with the contract's mapper.
        byte[] reserialized = EventJson.write(CrowdsurfEvents.data(signed, ChatReplyRequested.class));

        assertThat(EventSignature.verify(KEY, signed.getId(), signed.getType(), signed.getSource().toString(),
                reserialized, sig)).isTrue();
    }

    @Test
    void tamperedDataWrongKeyOrMissingSignatureFail() {
        CloudEvent signed = EventSignature.sign(KEY, reply("You won!"));
        String sig = (String) signed.getExtension(EventSignature.EXTENSION);
        byte[] forged = EventJson.write(CrowdsurfEvents.data(reply("Send me your password"), ChatReplyRequested.class));
        byte[] real = signed.getData().toBytes();
        String src = signed.getSource().toString();

        assertThat(EventSignature.verify(KEY, "r-1", signed.getType(), src, forged, sig)).isFalse();
        assertThat(EventSignature.verify("other", "r-1", signed.getType(), src, real, sig)).isFalse();
        assertThat(EventSignature.verify(KEY, "r-2", signed.getType(), src, real, sig)).isFalse();
        assertThat(EventSignature.verify(KEY, "r-1", signed.getType(), src, real, null)).isFalse();
        assertThat(EventSignature.verify("", "r-1", signed.getType(), src, real, sig)).isFalse();
    }
}
