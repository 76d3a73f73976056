package io.crowdsurf.gateway.messaging;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMessageJsonTest {

    @Test
    void writesTheBytesEventJsonWrites() {
        List<ChatMessageReceived> samples = List.of(
                new ChatMessageReceived(Platform.MESSENGER, "page-1", "psid-7", "messenger:page-1:psid-7", "m_1",
                        "Grüße \"aus\" Amsterdam 🎉\n\\", "A", "qr-poster", "Ann", Instant.parse("2026-11-23T10:15:30Z")),
                new ChatMessageReceived(Platform.TELEGRAM, "bot", "42", "telegram:bot:42", "7", null, null, null, null,
                        Instant.parse("2026-11-23T10:15:30.123456789Z")),
                new ChatMessageReceived(Platform.WEBCHAT, "site", "s", "webchat:site:s", "w", "\u0000\u001f<>&'", null,
                        null, null, Instant.ofEpochMilli(1_764_000_000_120L)),
                new ChatMessageReceived(null, null, null, null, null, null, null, null, null, null));
        for (ChatMessageReceived m : samples) {
            assertThat(new String(ChatMessageJson.write(m), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(EventJson.write(m), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(EventJson.read(ChatMessageJson.write(m), ChatMessageReceived.class)).isEqualTo(m);
        }
    }
}
