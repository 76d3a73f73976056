package io.crowdsurf.alert.messaging;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming writers give the bytes of the reflective record serializer, nulls and odd characters included. */
class OpportunityJsonTest {

    @Test
    void opportunityBytesAreTheRecordSerializers() {
        List<AlertOpportunity> samples = List.of(
                new AlertOpportunity("a-1", "a-1:1764633600", Platform.TELEGRAM, "u-7", "telegram:bot:42", 52.3744,
                        -4.5306, "evening-golden-hour", Instant.parse("2026-12-02T15:20:00Z"),
                        Instant.parse("2026-12-02T16:05:30Z"), "Wed 2 Dec 16:20–17:05 Europe/Amsterdam"),
                new AlertOpportunity("a-\"2\"", "x\\y", Platform.WEBCHAT, null, "webchat:s:ü🎉", 0.0, -0.05, "any",
                        Instant.EPOCH, Instant.ofEpochSecond(1, 5), null),
                new AlertOpportunity(null, null, null, null, null, -89.95, 179.95, null, null, null, "\u0001\n\t"));
        for (AlertOpportunity o : samples) {
            assertThat(new String(OpportunityJson.write(o))).isEqualTo(new String(EventJson.write(o)));
            assertThat(OpportunityJson.write(o)).isEqualTo(EventJson.write(o));
        }
    }

    @Test
    void replyBytesAreTheRecordSerializers() {
        List<ChatReplyRequested> samples = List.of(
                new ChatReplyRequested("alert:a-1:1764633600:found", Platform.MESSENGER, "page-1", "psid-9",
                        "messenger:page-1:psid-9", "📷 Snowy dunes: conditions hold at Zandvoort — “quoted” \\ </script>",
                        List.of(), null, Instant.parse("2026-11-30T08:00:00.123Z"), "CONFIRMED_EVENT_UPDATE"),
                new ChatReplyRequested("r-2", Platform.SLACK, null, null, "slack:T1:C2", "✖ off", null,
                        "https://hooks.slack.com/x", null, null));
        for (ChatReplyRequested r : samples) {
            assertThat(new String(OpportunityJson.write(r))).isEqualTo(new String(EventJson.write(r)));
            assertThat(OpportunityJson.write(r)).isEqualTo(EventJson.write(r));
        }
    }

    @Test
    void aReplyWithChoicesIsNotAnAlertReply() {
        ChatReplyRequested withChoices = new ChatReplyRequested("r", Platform.WEBCHAT, null, null, "c", "t",
                List.of(new Choice("yes", "y")), null, null, null);
        assertThatThrownBy(() -> OpportunityJson.write(withChoices)).isInstanceOf(IllegalArgumentException.class);
    }
}
