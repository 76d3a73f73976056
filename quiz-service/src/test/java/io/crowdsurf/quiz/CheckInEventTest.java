package io.crowdsurf.quiz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.QuizTicketCheckedIn;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.quiz.QuizTestSupport.admin;
import static io.crowdsurf.quiz.QuizTestSupport.campaign;
import static io.crowdsurf.quiz.QuizTestSupport.createOpen;
import static io.crowdsurf.quiz.QuizTestSupport.deliver;
import static io.crowdsurf.quiz.QuizTestSupport.newBot;
import static io.crowdsurf.quiz.QuizTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A check-in is confirmed only with its {@code quiz.ticket.admitted} in Kafka, and one whose event is not known to
 * be out (the scan got a 503: Kafka away, or the service died between the write and the ack) is completed by the
 * retried scan, which re-publishes the same event. (Kafka really going away is the drills' part:
 * {@code QuizLinksDrillTest}; stopping the JVM-wide broker here would pull it from under the other tests' tap.)
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class CheckInEventTest {

    @Inject
    MongoClient mongo;

    @BeforeAll
    static void startTap() {
        ReplyTap.start();
    }

    static String winTicket(String bot, String user) {
        createOpen(campaign(bot, 1.0, Map.of("ams", 3)));
        deliver(text(bot, user, "hi"));
        deliver(text(bot, user, "amsterdam"));
        deliver(text(bot, user, "2009"));
        return ReplyTap.await(() -> ReplyTap.awards(QuizTestSupport.conversation(bot, user)), l -> !l.isEmpty(),
                "the award of " + user).get(0).ticketCode();
    }

    static List<ConsumerRecord<String, byte[]>> admitted(String code) {
        return TestKafka.readAll("crowdsurf.events").stream()
                .filter(r -> ("admitted:" + code).equals(header(r, "ce_id"))).toList();
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theFirstCheckInPublishesTheAdmissionOnceLaterScansAre409() {
        String bot = newBot();
        String code = winTicket(bot, "door-1");
        assertThat(admitted(code)).isEmpty();

        admin().post("/api/v1/tickets/" + code + "/check-in").then().statusCode(200).body("code", equalTo(code));
        List<ConsumerRecord<String, byte[]>> out = admitted(code);
        assertThat(out).as("acknowledged before the 200").hasSize(1);
        assertThat(header(out.get(0), "ce_type")).isEqualTo("com.crowdsurf.quiz.ticket.admitted");
        assertThat(header(out.get(0), "ce_source")).isEqualTo("/crowdsurf/quiz-service");
        QuizTicketCheckedIn data = EventJson.read(out.get(0).value(), QuizTicketCheckedIn.class);
        assertThat(data.ticketCode()).isEqualTo(code);
        assertThat(data.poolId()).isEqualTo("ams");
        assertThat(data.poolName()).isEqualTo("AMS");
        assertThat(data.checkedInAt()).isNotNull();

        admin().post("/api/v1/tickets/" + code + "/check-in").then().statusCode(409);
        admin().post("/api/v1/tickets/" + code.toLowerCase() + "/check-in").then().statusCode(409);
        assertThat(admitted(code)).as("a second scan publishes nothing").hasSize(1);
    }

    @Test
    void aCheckInWhoseEventIsNotKnownToBeOutIsCompletedByTheRetriedScan() {
        String bot = newBot();
        String code = winTicket(bot, "door-2");
        // The state a 503 leaves: Mongo says admitted (at t0), the event never acknowledged.
        Instant t0 = Instant.parse("2026-12-01T20:15:00Z");
        mongo.getDatabase(database()).getCollection("quiz_tickets").updateOne(Filters.eq("_id", code),
                Updates.combine(Updates.set("checkedInAt", t0.toEpochMilli()), Updates.inc("checkIns", 1)));

        admin().post("/api/v1/tickets/" + code + "/check-in").then().statusCode(200)
                .body("checkedInAt", equalTo(t0.toString()));
        List<ConsumerRecord<String, byte[]>> out = admitted(code);
        assertThat(out).as("the retry re-published the admission").hasSize(1);
        assertThat(EventJson.read(out.get(0).value(), QuizTicketCheckedIn.class).checkedInAt())
                .as("with the time of the first scan").isEqualTo(t0);
        Document stored = mongo.getDatabase(database()).getCollection("quiz_tickets").find(Filters.eq("_id", code))
                .first();
        assertThat(stored.getBoolean("admittedAnnounced")).isTrue();
        admin().post("/api/v1/tickets/" + code + "/check-in").then().statusCode(409);
        assertThat(admitted(code)).hasSize(1);
        admin().get("/api/v1/campaigns/" + stored.getString("campaignId") + "/stats").then()
                .body("checkedIn", equalTo(1));
    }

    static String database() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
    }
}
