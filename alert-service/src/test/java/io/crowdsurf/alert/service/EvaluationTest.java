package io.crowdsurf.alert.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;

import io.cloudevents.CloudEvent;
import io.crowdsurf.alert.AlertTests;
import io.crowdsurf.alert.OpenMeteoResource;
import io.crowdsurf.alert.domain.Cell;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.crowdsurf.testsupport.HttpStub;
import io.crowdsurf.testsupport.OpenMeteoStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.alert.AlertTests.alert;
import static io.crowdsurf.alert.AlertTests.await;
import static io.crowdsurf.alert.AlertTests.cellOf;
import static io.crowdsurf.alert.AlertTests.create;
import static io.crowdsurf.alert.AlertTests.events;
import static io.crowdsurf.alert.AlertTests.freshPlace;
import static io.crowdsurf.alert.AlertTests.post;
import static io.crowdsurf.alert.AlertTests.unique;
import static io.crowdsurf.alert.OpenMeteoResource.OPEN_METEO;
import static io.crowdsurf.alert.OpenMeteoResource.WEBHOOKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluation against the local Open-Meteo (documented response shape): condition matching, found → cancelled,
 * idempotent reruns and redeliveries, forecast requests that depend on cells only, 429 and outage handling.
 * Each test owns its places (grid cells) and evaluates a batch of exactly those cells.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OpenMeteoResource.class, restrictToAnnotatedClass = false)
class EvaluationTest {

    private static final String FOUND = EventType.ALERT_OPPORTUNITY_FOUND.type();
    private static final String CANCELLED = EventType.ALERT_OPPORTUNITY_CANCELLED.type();
    private static final String REPLY = EventType.CHAT_REPLY_REQUESTED.type();
    private static final String EVAL = EventType.ALERT_EVALUATION_REQUESTED.type();

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeEach
    void clearStub() {
        OPEN_METEO.reset();
    }

    /** Snow at {@code place} from 3 to 6 hours from now (whole hours), clear elsewhere. */
    private static OpenMeteoStub.Weather snowSoonAt(double[] place) {
        long now = Instant.now().getEpochSecond();
        long from = (now / 3600 + 3) * 3600;
        return (lat, lon, t) -> Cell.of(lat, lon).key().equals(cellOf(place)) && t > from && t <= from + 3 * 3600
                ? OpenMeteoStub.Hour.snow(1.2) : OpenMeteoStub.Hour.CLEAR;
    }

    private int evaluate(String id, String... cells) {
        return post(EVAL, id, "/crowdsurf/alert-service",
                new AlertEvaluationRequested("hourly", Instant.now(), "run-" + id, 0, List.of(cells)), false);
    }

    @Test
    void snowWindowIsFoundOnceThenCancelledWhenTheForecastChanges() {
        double[] place = freshPlace();
        String conv = "webchat:site:" + unique();
        String id = create(alert("Snowy dunes", conv, place, Map.of("precipitation", List.of("snow"))));
        OPEN_METEO.weather(snowSoonAt(place));

        assertThat(evaluate("e1-" + unique(), cellOf(place))).isEqualTo(204);
        List<CloudEvent> found = await(() -> events(conv, FOUND), l -> !l.isEmpty(), "found");
        assertThat(found).hasSize(1);
        AlertOpportunity o = CrowdsurfEvents.data(found.get(0), AlertOpportunity.class);
        assertThat(o.alertId()).isEqualTo(id);
        assertThat(java.time.Duration.between(o.start(), o.end()).toHours()).isEqualTo(3);
        assertThat(o.start().getEpochSecond() % 3600).isZero();
        List<CloudEvent> replies = events(conv, REPLY);
        assertThat(replies).hasSize(1);
        ChatReplyRequested reply = CrowdsurfEvents.data(replies.get(0), ChatReplyRequested.class);
        assertThat(reply.text()).contains("Snowy dunes").contains("Europe/Amsterdam");
        assertThat(reply.messageTag()).isEqualTo("CONFIRMED_EVENT_UPDATE");
        // Signed as bot-gateway checks it (both are written straight into Kafka records, without the CloudEvents SDK).
        for (CloudEvent e : List.of(found.get(0), replies.get(0))) {
            assertThat(EventSignature.verify(AlertTests.EVENTS_KEY, e.getId(), e.getType(), e.getSource().toString(),
                    e.getData().toBytes(), String.valueOf(e.getExtension(EventSignature.EXTENSION)))).as(e.getId()).isTrue();
        }

        // A rerun (new event) and a redelivery (same id) change nothing: no request either, the cell's forecast is fresh.
        String again = "e2-" + unique();
        assertThat(evaluate(again, cellOf(place))).isEqualTo(204);
        assertThat(evaluate(again, cellOf(place))).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(1);
        assertThat(events(conv)).hasSize(2);

        // The next refresh brings a forecast without snow: the notified window is cancelled, once.
        expireForecast(cellOf(place));
        OPEN_METEO.weather((lat, lon, t) -> OpenMeteoStub.Hour.CLEAR);
        assertThat(evaluate("e3-" + unique(), cellOf(place))).isEqualTo(204);
        List<CloudEvent> cancelled = await(() -> events(conv, CANCELLED), l -> !l.isEmpty(), "cancelled");
        assertThat(CrowdsurfEvents.data(cancelled.get(0), AlertOpportunity.class).opportunityId()).isEqualTo(o.opportunityId());
        expireForecast(cellOf(place));
        assertThat(evaluate("e4-" + unique(), cellOf(place))).isEqualTo(204);
        assertThat(events(conv, CANCELLED)).hasSize(1);
        assertThat(events(conv, REPLY)).hasSize(2);
        assertThat(CrowdsurfEvents.data(events(conv, REPLY).get(1), ChatReplyRequested.class).text()).contains("is off");
    }

    @Test
    void forecastRequestsDependOnCellsNotAlerts() {
        double[][] places = {freshPlace(), freshPlace(), freshPlace()};
        String conv = "webchat:site:" + unique();
        for (int i = 0; i < 12; i++) {
            create(alert("a" + i, conv, places[i % 3], Map.of("precipitation", List.of("rain"))));
        }
        String[] cells = {cellOf(places[0]), cellOf(places[1]), cellOf(places[2])};
        assertThat(evaluate("b1-" + unique(), cells)).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(1);
        assertThat(OPEN_METEO.locationsRequested()).isEqualTo(3);
        assertThat(OPEN_METEO.queries().get(0)).contains("latitude=" + String.format(java.util.Locale.ROOT, "%.2f",
                Cell.parse(cells[0]).centerLatitude()) + ",").contains("timeformat=unixtime").contains("timezone=auto")
                .contains("cloud_cover_low").contains("weather_code").contains("snowfall").contains("showers");

        // Three times the alerts in the same cells: still one request per ⌈cells ÷ cells-per-request⌉ on a refresh.
        for (int i = 0; i < 24; i++) {
            create(alert("b" + i, conv, places[i % 3], Map.of("precipitation", List.of("rain"))));
        }
        for (String c : cells) {
            expireForecast(c);
        }
        assertThat(evaluate("b2-" + unique(), cells)).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(2);
        // After the refresh, a rerun makes no request at all.
        assertThat(evaluate("b3-" + unique(), cells)).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(2);
    }

    @Test
    void tooManyRequestsAreRetriedWithBackoff() {
        double[] place = freshPlace();
        String conv = "webchat:site:" + unique();
        create(alert("Retry", conv, place, Map.of("precipitation", List.of("snow"))));
        OPEN_METEO.weather(snowSoonAt(place)).failNext(2, 429);
        assertThat(evaluate("r1-" + unique(), cellOf(place))).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(3);
        assertThat(events(conv, FOUND)).hasSize(1);
    }

    @Test
    void anOutageSkipsTheCellsWithoutFalseAlertsOrCancellations() {
        double[] place = freshPlace();
        String conv = "webchat:site:" + unique();
        create(alert("Outage", conv, place, Map.of("precipitation", List.of("snow"))));
        OPEN_METEO.weather(snowSoonAt(place));
        assertThat(evaluate("o1-" + unique(), cellOf(place))).isEqualTo(204);
        assertThat(events(conv, FOUND)).hasSize(1);

        // The refresh is due but Open-Meteo answers 503 to every attempt: the cell is skipped, its window kept.
        expireForecast(cellOf(place));
        OPEN_METEO.down(true);
        assertThat(evaluate("o2-" + unique(), cellOf(place))).isEqualTo(204);
        assertThat(OPEN_METEO.requests()).isEqualTo(1 + 4);
        assertThat(events(conv)).hasSize(2);

        // A place with no forecast yet gets nothing during the outage, and its alert once the provider is back.
        double[] other = freshPlace();
        String conv2 = "webchat:site:" + unique();
        create(alert("Later", conv2, other, Map.of("precipitation", List.of("none"))));
        assertThat(evaluate("o3-" + unique(), cellOf(other))).isEqualTo(204);
        assertThat(events(conv2)).isEmpty();
        OPEN_METEO.down(false);
        assertThat(evaluate("o4-" + unique(), cellOf(other))).isEqualTo(204);
        assertThat(events(conv2, FOUND)).isNotEmpty();
    }

    @Test
    void sunOnlyAlertsFindEachNoonAndTheWebhookGetsASignedPost() {
        double[] place = freshPlace();
        String conv = "webchat:site:" + unique();
        Map<String, Object> body = new java.util.HashMap<>(alert("Noon", conv, place, Map.of("light", List.of("noon"))));
        body.put("webhookUrl", WEBHOOKS.baseUrl() + "/hook");
        create(body);
        assertThat(evaluate("n1-" + unique(), cellOf(place))).isEqualTo(204);
        List<CloudEvent> found = events(conv, FOUND);
        assertThat(found).hasSizeBetween(2, 3); // two days' horizon: two (at a day's edge, three) solar noons
        for (CloudEvent e : found) {
            AlertOpportunity o = CrowdsurfEvents.data(e, AlertOpportunity.class);
            assertThat(o.phase()).isEqualTo("noon");
        }
        List<HttpStub.Request> hooks = WEBHOOKS.requests("/hook").stream()
                .filter(r -> r.body().contains(conv)).toList();
        assertThat(hooks).hasSize(found.size());
        HttpStub.Request hook = hooks.get(0);
        String expected = "v1=" + io.crowdsurf.alert.client.WebhookClient.sign("test-webhook-key",
                "v1:" + hook.header("X-Crowdsurf-Timestamp") + ":", hook.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(hook.header("X-Crowdsurf-Signature")).isEqualTo(expected);
        assertThat(hook.header("X-Crowdsurf-Event-Id")).endsWith(":found");
    }

    @Test
    void theSchedulesRunRequestEvaluatesEveryCell() {
        double[] place = freshPlace();
        String conv = "webchat:site:" + unique();
        create(alert("Scheduled", conv, place, Map.of("precipitation", List.of("snow"))));
        OPEN_METEO.weather(snowSoonAt(place));
        assertThat(post(EVAL, "alert-evaluation-hourly-" + unique(), "/crowdsurf/schedule",
                new AlertEvaluationRequested("hourly", null), false)).isEqualTo(204);
        assertThat(events(conv, FOUND)).hasSize(1);
    }

    @Test
    void malformedBatchesAreRefused() {
        assertThat(evaluate("m1-" + unique(), "not-a-cell")).isEqualTo(400);
    }

    private void expireForecast(String cell) {
        mongo.getDatabase(database).getCollection("alert_forecasts").updateOne(Filters.eq("_id", cell),
                new Document("$set", new Document("fetchedAt", "2020-01-01T00:00:00Z")));
    }
}
