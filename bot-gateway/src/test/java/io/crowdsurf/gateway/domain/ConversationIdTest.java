package io.crowdsurf.gateway;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationIdTest {

    @Test
    void formatIsPlatformBotPeer() {
        assertThat(ConversationId.of(Platform.MESSENGER, "PAGE_ID", "PSID")).hasToString("messenger:PAGE_ID:PSID");
        assertThat(ConversationId.of(Platform.TELEGRAM, "123456", "-1001")).hasToString("telegram:123456:-1001");
        assertThat(ConversationId.of(Platform.SLACK, "T1", "C1")).hasToString("slack:T1:C1");
        assertThat(ConversationId.of(Platform.WEBCHAT, "default", "s1")).hasToString("webchat:default:s1");
    }

    @Test
    void parseRoundTripsAndKeepsColonsInThePeer() {
        ConversationId id = ConversationId.parse("webchat:site:a:b");
        assertThat(id.platform()).isEqualTo(Platform.WEBCHAT);
        assertThat(id.botId()).isEqualTo("site");
        assertThat(id.peerId()).isEqualTo("a:b");
        assertThat(ConversationId.parse("messenger:P:U")).isEqualTo(ConversationId.of(Platform.MESSENGER, "P", "U"));
    }

    @Test
    void rejectsMalformed() {
        for (String bad : new String[] {"", "messenger", "messenger:P", "messenger::U", "messenger:P:", ":P:U",
                "icq:P:U"}) {
            assertThatThrownBy(() -> ConversationId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ConversationId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
