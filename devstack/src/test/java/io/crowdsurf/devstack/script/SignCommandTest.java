package io.crowdsurf.devstack.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Choice;
import io.crowdsurf.events.data.Platform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./crowdsurf sign} is how a person signs an event produced by hand with kcat; it must agree byte for
 * byte with {@link EventSignature}, which the services use, or the walk-through's events are refused.
 */
class SignCommandTest {

    private static final Path SCRIPT = Path.of("..", "crowdsurf").toAbsolutePath().normalize();

    @Test
    void signsAsTheServicesDo() throws Exception {
        byte[] data = EventJson.write(new ChatReplyRequested("r-1", Platform.MESSENGER, "page-1", "psid-42",
                "messenger:page-1:psid-42", "Grüße 🎉", List.of(new Choice("Yes", "quiz:c:q0:0")),
                null, null, null));
        String type = "com.crowdsurf.chat.reply.requested";

        assertThat(sign(Map.of(), data, "kcat-1", type, "/crowdsurf/kcat"))
                .isEqualTo(EventSignature.compute("dev-events-signing-key", "kcat-1", type, "/crowdsurf/kcat", data));
        assertThat(sign(Map.of("CROWDSURF_EVENTS_SIGNING_KEY", "prod-key"), data, "kcat-1", type, "/crowdsurf/kcat"))
                .isEqualTo(EventSignature.compute("prod-key", "kcat-1", type, "/crowdsurf/kcat", data))
                .isNotEqualTo(EventSignature.compute("dev-events-signing-key", "kcat-1", type, "/crowdsurf/kcat", data));
    }

    @Test
    void refusesWrongArguments() throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), "sign", "only-an-id").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isNotZero();
        assertThat(out).contains("usage: ./crowdsurf sign");
    }

    private static String sign(Map<String, String> env, byte[] data, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "sign", args[0], args[1], args[2]);
        pb.environment().remove("CROWDSURF_EVENTS_SIGNING_KEY");
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(data);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit code; stderr: " + err).isZero();
        return out;
    }
}
