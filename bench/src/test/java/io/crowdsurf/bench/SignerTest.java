package io.crowdsurf.bench;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignerTest {

    @Test
    void signsLikeMetaWithHmacSha256Hex() {
        // RFC 4231, test case 2
        String sig = new Signer("Jefe").sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));
        assertThat(sig).isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signsTheExactBytesOfTheMessengerBody() {
        Messenger m = new Messenger(java.net.URI.create("http://127.0.0.1:1/webhooks/messenger"), "PAGE", "secret");
        Driver.Req req = m.quickReply("PSID", "m_1", "Yes", "Q1_A");
        assertThat(req.headers().get(Signer.HEADER)).isEqualTo(new Signer("secret").sign(req.body()));
        assertThat(new String(req.body(), StandardCharsets.UTF_8))
                .startsWith("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE\"")
                .contains("\"sender\":{\"id\":\"PSID\"}")
                .contains("\"quick_reply\":{\"payload\":\"Q1_A\"}");
    }
}
