package io.crowdsurf.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crowdsurf.runtime.rest.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {

    /** Slack's worked example from "Verifying requests from Slack". */
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_TS = "1531420618";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void slackDocumentedExampleVerifies() {
        assertThatCode(() -> Signatures.verifySlack(SLACK_SECRET, SLACK_BODY.getBytes(StandardCharsets.UTF_8), SLACK_TS,
                SLACK_SIGNATURE, Instant.ofEpochSecond(1531420618 + 60), Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
    }

    @Test
    void slackRejectsReplaysTamperingAndFutureTimestamps() {
        byte[] body = SLACK_BODY.getBytes(StandardCharsets.UTF_8);
        Instant signedAt = Instant.ofEpochSecond(1531420618);
        assertThatThrownBy(() -> Signatures.verifySlack(SLACK_SECRET, body, SLACK_TS, SLACK_SIGNATURE,
                signedAt.plusSeconds(301), Duration.ofMinutes(5))).isInstanceOf(ProblemException.class)
                .hasMessageContaining("too old");
        assertThatThrownBy(() -> Signatures.verifySlack(SLACK_SECRET, body, SLACK_TS, SLACK_SIGNATURE,
                signedAt.minusSeconds(301), Duration.ofMinutes(5))).isInstanceOf(ProblemException.class);
        byte[] tampered = SLACK_BODY.replace("roadrunner", "coyote").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Signatures.verifySlack(SLACK_SECRET, tampered, SLACK_TS, SLACK_SIGNATURE, signedAt,
                Duration.ofMinutes(5))).isInstanceOf(ProblemException.class).hasMessageContaining("does not match");
    }

    @Test
    void metaSignatureIsOverTheExactBytesAndCaseInsensitiveHex() {
        byte[] body = "{\"text\":\"\\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        String hex = Signatures.hmacHex("secret", body);
        assertThatCode(() -> Signatures.verifyMeta("secret", body, "sha256=" + hex)).doesNotThrowAnyException();
        assertThatCode(() -> Signatures.verifyMeta("secret", body, "sha256=" + hex.toUpperCase()))
                .doesNotThrowAnyException();
        // The same text re-serialised as UTF-8 is a different byte string: it must not verify.
        byte[] reserialised = "{\"text\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Signatures.verifyMeta("secret", reserialised, "sha256=" + hex))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Signatures.verifyMeta("secret", body, "sha1=" + hex))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Signatures.verifyMeta("secret", body, null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void problemIs401() {
        try {
            Signatures.verifyToken("expected", "wrong", "X-Telegram-Bot-Api-Secret-Token");
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(401);
            return;
        }
        throw new AssertionError("a wrong token must be refused");
    }
}
