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
        assertThat(checks.path("one_reply_per_turn").asBoolean()).isTrue();
        assertThat(r.path("results").path("replies_per_message").asDouble()).isEqualTo(1.0);
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

    @Test
    void everyPartOfATurnIsClassified() {
        assertThat(QrSpike.tags("[correct] Correct!\n\n[won] You won a VIP ticket!\n\n[choose-pool] Which party?"))
                .containsExactly("correct", "won", "choose-pool");
        assertThat(QrSpike.tags("Question 2/5: Why?")).isEmpty();
        assertThat(QrSpike.tags("[wrong] Sorry.\n\nQuestion 3/5: How?")).containsExactly("wrong");
        assertThat(QrSpike.tags(null)).isEmpty();
    }

    @Test
    void feedbackBeyondTheAnswersGivenIsADuplicate() {
        QrSpike.Fan f = new QrSpike.Fan("p", null);
        f.correctGiven = 1;
        f.seen.put("[correct] Correct!\n\nQuestion 2/5: Why?|A,B", 1);
        f.correctSeen = 1;
        assertThat(f.duplicates()).isZero();
        // The same turn twice is one duplicate; so is a second "Correct!" in another message for the one answer.
        f.seen.put("[correct] Correct!\n\nQuestion 2/5: Why?|A,B", 2);
        assertThat(f.duplicates()).isEqualTo(1);
        f.seen.put("[correct] Correct!\n\n[won] You won", 1);
        f.correctSeen = 2;
        assertThat(f.duplicates()).isEqualTo(2);
        // A split turn's bare feedback may repeat once per answer.
        QrSpike.Fan g = new QrSpike.Fan("q", null);
        g.correctGiven = 2;
        g.seen.put("[correct] Correct!", 2);
        g.correctSeen = 2;
        assertThat(g.duplicates()).isZero();
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
