package io.crowdsurf.drills;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.HttpTap;
import io.crowdsurf.drills.harness.Poll;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.testsupport.KafkaProbe;
import io.crowdsurf.testsupport.OpenMeteoStub;

import static io.crowdsurf.drills.AlertDrills.COMMAND;
import static io.crowdsurf.drills.AlertDrills.EVAL;
import static io.crowdsurf.drills.AlertDrills.FOUND;
import static io.crowdsurf.drills.AlertDrills.createAlert;
import static io.crowdsurf.drills.AlertDrills.events;
import static io.crowdsurf.drills.AlertDrills.post;
import static io.crowdsurf.drills.AlertDrills.runRequest;
import static io.crowdsurf.drills.AlertDrills.snowAlert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * alert-service under Kafka and MongoDB outages. Kafka away: every event it would acknowledge is answered 503
 * (never 204 for lost work) and nothing is recorded as notified, so the retried event notifies exactly once after
 * the broker is back. MongoDB away: readiness DOWN, the API answers 503, the dispatcher's deliveries fail and are
 * retried until MongoDB is back; the window is then notified once and nothing is dead-lettered.
 */
class AlertOutageDrillTest {

    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static OpenMeteoStub.Weather snowSoon() {
        long from = (Instant.now().getEpochSecond() / 3600 + 2) * 3600;
        return (lat, lon, t) -> t > from && t <= from + 2 * 3600 ? OpenMeteoStub.Hour.snow(2) : OpenMeteoStub.Hour.CLEAR;
    }

    @Test
    void kafkaAwayMeans503AndTheRetryNotifiesOnce() {
        stack = Stack.builder("alert-kafka-outage").alertsOnly().withoutDispatcher().start();
        stack.openMeteo().weather(snowSoon());
        String conv = "webchat:drill:kafka-" + System.nanoTime();
        assertThat(createAlert(stack, snowAlert("Kafka drill", conv, 52.37, 4.53)).status()).isEqualTo(201);

        stack.kafka().stop();
        String runId = "alert-evaluation-hourly-kafka-drill";
        Http.Reply during = post(stack, EVAL, runId, "/crowdsurf/schedule", runRequest(), false);
        assertThat(during.status()).as(during.body()).isEqualTo(503);
        String command = """
                {"platform":"webchat","botId":"drill","userId":"u1","conversationId":"%s","commandId":"c1","command":"/alerts","text":""}"""
                .formatted(conv);
        assertThat(post(stack, COMMAND, "webchat:c1", "/crowdsurf/bot-gateway/webchat", command, true).status())
                .isEqualTo(503);

        stack.kafka().start();
        // The broker redelivers until it gets a 2xx; the producer may need a moment to reconnect.
        Poll.until(Duration.ofSeconds(60), "run accepted after Kafka is back",
                () -> post(stack, EVAL, runId, "/crowdsurf/schedule", runRequest(), false).status() == 204);
        assertThat(events(stack, conv, FOUND)).hasSize(1);
        assertThat(post(stack, EVAL, runId, "/crowdsurf/schedule", runRequest(), false).status()).isEqualTo(204);
        assertThat(events(stack, conv, FOUND)).hasSize(1);
        assertThat(post(stack, COMMAND, "webchat:c1", "/crowdsurf/bot-gateway/webchat", command, true).status())
                .isEqualTo(204);
        assertThat(stack.alerts().readyStatus()).isEqualTo(200);
    }

    @Test
    void mongoAwayMeansReadinessDownAndTheEventIsRetriedUntilItSucceeds() throws Exception {
        stack = Stack.builder("alert-mongo-outage").alertsOnly().start();
        stack.openMeteo().weather(snowSoon());
        String conv = "webchat:drill:mongo-" + System.nanoTime();
        assertThat(createAlert(stack, snowAlert("Mongo drill", conv, 48.85, 2.35)).status()).isEqualTo(201);

        stack.mongoProxy().cut();
        Poll.until(Duration.ofSeconds(30), "readiness DOWN", () -> stack.alerts().readyStatus() == 503);
        Http.Reply create = createAlert(stack, snowAlert("During", conv, 48.95, 2.45));
        assertThat(create.status()).as(create.body()).isEqualTo(503);

        // The schedule's event, as the CronJob puts it on the broker.
        String runId = "alert-evaluation-hourly-mongo-drill";
        CloudEvent run = CrowdsurfEvents.build(EventType.ALERT_EVALUATION_REQUESTED, runId, "/crowdsurf/schedule", null,
                runId, new AlertEvaluationRequested("hourly", Instant.now()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(KafkaCodec.toRecord("crowdsurf.events", run)).get();
        }
        HttpTap tap = stack.alertsTap();
        Poll.until(Duration.ofSeconds(60), "a failed delivery while MongoDB is away",
                () -> tap.attempts(runId).stream().anyMatch(a -> a.status() >= 500));
        assertThat(tap.attempts(runId)).noneMatch(HttpTap.Attempt::ok);

        stack.mongoProxy().restore();
        Poll.until(Duration.ofSeconds(90), "the run delivered after MongoDB is back",
                () -> tap.attempts(runId).stream().anyMatch(HttpTap.Attempt::ok));
        Poll.until(Duration.ofSeconds(30), "the window notified", () -> events(stack, conv, FOUND).size() == 1);
        assertThat(stack.alerts().readyStatus()).isEqualTo(200);
        assertThat(KafkaProbe.endOffsetSum(stack.kafka().bootstrapServers(), "crowdsurf.events.dlq")).isZero();
        List<HttpTap.Attempt> attempts = tap.attempts(runId);
        assertThat(attempts.stream().filter(HttpTap.Attempt::ok)).hasSize(1);
    }
}
