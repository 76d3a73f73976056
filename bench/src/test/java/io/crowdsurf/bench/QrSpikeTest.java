package io.crowdsurf.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator's bookkeeping against a fake stack: no timing is asserted, only the counts. */
class QrSpikeTest {

    @TempDir
    Path results;

    @Test
    void aCleanRunHasNoLostNoDuplicatesAndTicketsMatchWinners() throws Exception {
        JsonNode r = run(0);
        JsonNode checks = r.path("results").path("checks");
        assertThat(checks.path("lost_0").asBoolean()).isTrue();
        assertThat(checks.path("duplicates_0").asBoolean()).isTrue();
        assertThat(checks.path("tickets_min_capacity_winners").asBoolean()).isTrue();
        assertThat(checks.path("no_pool_below_zero").asBoolean()).isTrue();
        assertThat(r.path("results").path("webhooks_acked").asInt())
                .isEqualTo(r.path("results").path("webhooks_sent").asInt())
                .isEqualTo(r.path("results").path("messages_answered").asInt());
        assertThat(r.path("results").path("ticket_messages").asInt()).isEqualTo(
                Math.min(30, r.path("results").path("winners").asInt()));
    }

    @Test
    void aReplySentTwiceIsCountedAsDuplicate() throws Exception {
        JsonNode r = run(10);
        assertThat(r.path("results").path("duplicate_replies").asInt()).isEqualTo(12);
        assertThat(r.path("results").path("lost").asInt()).isZero();
    }

    private JsonNode run(int duplicateEvery) throws Exception {
        int stubPort = freePort();
        Vertx vertx = Vertx.vertx();
        try (FakeStack fake = new FakeStack(vertx, stubPort, duplicateEvery)) {
            String base = "http://127.0.0.1:" + fake.port();
            Options o = new Options(new String[] {"--fans=120", "--questions=3", "--correct=0.8", "--capacity=30",
                    "--concurrency=8", "--idle=20", "--timeout=60", "--settle-ms=200", "--stub-port=" + stubPort,
                    "--gateway=" + base, "--quiz=" + base, "--results-dir=" + results}, name -> null);
            QrSpike.run(o);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        try (var files = Files.list(results)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith("qr-spike-")).findFirst().orElseThrow();
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            Files.delete(file);
            return json;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
