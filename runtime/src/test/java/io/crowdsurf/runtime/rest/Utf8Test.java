package io.crowdsurf.runtime.rest;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8Test {

    @Test
    void checkPassesAsciiAndValidUtf8AndRefusesBrokenBytesWithA400() {
        assertThatCode(() -> Utf8.check("{\"text\":\"caf\\u00e9\"}".getBytes(StandardCharsets.US_ASCII), "body"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Utf8.check("{\"text\":\"café 🎉\"}".getBytes(StandardCharsets.UTF_8), "body"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Utf8.check(new byte[0], "body")).doesNotThrowAnyException();
        for (byte[] broken : new byte[][] {{'"', (byte) 0x80, '"'}, {(byte) 0xC0, (byte) 0xAF}, {'a', (byte) 0xE2, (byte) 0x82},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            assertThatThrownBy(() -> Utf8.check(broken, "body")).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("not valid UTF-8");
        }
    }
}
