package io.crowdsurf.gateway.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayRoleTest {

    @Test
    void rolesParseCaseAndSpaceInsensitivelyAndTyposFail() {
        assertThat(GatewayRole.parse(List.of("webhooks", "replies"))).containsExactly(GatewayRole.WEBHOOKS,
                GatewayRole.REPLIES);
        assertThat(GatewayRole.parse(List.of(" Replies "))).containsExactly(GatewayRole.REPLIES);
        assertThatThrownBy(() -> GatewayRole.parse(List.of("webhook"))).hasMessageContaining("unknown gateway role");
        assertThatThrownBy(() -> GatewayRole.parse(List.of(" "))).hasMessageContaining("names no role");
    }

    @Test
    void everyPathBelongsToItsRoleAndTheOperationalOnesToBoth() {
        assertThat(GatewayRole.of("/webhooks/messenger")).isEqualTo(GatewayRole.WEBHOOKS);
        assertThat(GatewayRole.of("/webhooks/slack/events")).isEqualTo(GatewayRole.WEBHOOKS);
        assertThat(GatewayRole.of("/")).isEqualTo(GatewayRole.REPLIES);
        assertThat(GatewayRole.of("/chatReplyRequested")).isEqualTo(GatewayRole.REPLIES);
        assertThat(GatewayRole.of("/chat")).isEqualTo(GatewayRole.REPLIES);
        assertThat(GatewayRole.of("/chat/api/messages")).isEqualTo(GatewayRole.REPLIES);
        assertThat(GatewayRole.of("/q/health/ready")).isNull();
        assertThat(GatewayRole.of("/q/metrics")).isNull();
        assertThat(GatewayRole.of("/chatter")).isNull();
    }
}
