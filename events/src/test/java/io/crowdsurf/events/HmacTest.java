package io.crowdsurf.events;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HmacTest {

    @Test
    void matchesRfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(Hmac.hex("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aKeyUsedAgainAfterManyOthersAndFromManyThreadsGivesTheSameMac() throws Exception {
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        for (int i = 0; i < 200; i++) {
            Hmac.hex("key-" + i, "x");
            assertThat(Hmac.hex("Jefe", "what do ya want for nothing?")).isEqualTo(expected);
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var results = pool.invokeAll(java.util.Collections.nCopies(400,
                    () -> Hmac.hex("Jefe", "what do ya want for nothing?")));
            for (var r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        }
    }

    @Test
    void verifiesOnlyTheSignatureOfTheSameBytesAndKey() {
        byte[] body = "{\"a\":\"\\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        String sig = Hmac.hex("secret", body);

        assertThat(Hmac.matchesHex("secret", body, sig)).isTrue();
        assertThat(Hmac.matchesHex("secret", body, " " + sig.toUpperCase() + " ")).as("case and blanks").isTrue();
        assertThat(Hmac.matchesHex("other", body, sig)).as("other key").isFalse();
        assertThat(Hmac.matchesHex("secret", "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), sig))
                .as("re-serialised body").isFalse();
        assertThat(Hmac.matchesHex("secret", body, sig.substring(1))).as("truncated").isFalse();
        assertThat(Hmac.matchesHex("secret", body, null)).isFalse();
        assertThat(Hmac.matchesHex("", body, sig)).as("no key never verifies").isFalse();
    }

    @Test
    void constantTimeEqualityIsExact() {
        assertThat(Hmac.equalsConstantTime("abc", "abc")).isTrue();
        assertThat(Hmac.equalsConstantTime("abc", "ABC")).isFalse();
        assertThat(Hmac.equalsConstantTime("abc", "abcd")).isFalse();
        assertThat(Hmac.equalsConstantTime(null, "abc")).isFalse();
        assertThat(Hmac.equalsConstantTime("abc", null)).isFalse();
    }

    @Test
    void sha256HexOfEmptyInput() {
        assertThat(Hmac.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
