package io.crowdsurf.drills;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.BadInputSweep;
import io.crowdsurf.drills.harness.BadInputSweep.Outcome;
import io.crowdsurf.drills.harness.Endpoint;
import io.crowdsurf.drills.harness.Endpoint.Scheme;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.BadInputs;
import io.crowdsurf.testsupport.BadInputs.Kind;
import io.crowdsurf.testsupport.BadInputs.Signing;
import io.crowdsurf.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * alert-service's public endpoints under the seeded hostile sweep of {@link BadInputs}: the alert API (create,
 * replace, list, delete), the form pages and their token links, and the CloudEvent functions at {@code /}.
 * Every answer is a 4xx (a well-formed, authenticated body of an unexpected shape may be accepted only by the
 * evaluation function, which then finds nothing to do); the service stays alive and ready; nothing reaches Kafka
 * and no alert is stored.
 */
class AlertBadInputSweepDrillTest {

    private static final long SEED = Long.getLong("drills.sweep.seed", 20261201L);
    private static final int REQUESTS = Integer.getInteger("drills.alert-sweep.requests", 600);
    private static final int TIMEOUT_MS = 15_000;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("alert-bad-input").alertsOnly().withoutDispatcher().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hostileInputGetsOnly4xxAndReachesNothing() throws Exception {
        String kafka = stack.kafka().bootstrapServers();
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        List<Endpoint> endpoints = endpoints();
        List<Outcome> outcomes = BadInputSweep.run(endpoints, REQUESTS, new BadInputs(SEED), 6,
                AlertBadInputSweepDrillTest::hostile, AlertBadInputSweepDrillTest::send);
        assertThat(outcomes).hasSize(REQUESTS);
        BadInputSweep.printCounts("alert bad-input sweep", SEED, outcomes,
                o -> o.endpoint().method() + " " + o.endpoint().path() + " " + o.status());

        assertThat(outcomes.stream().filter(o -> !acceptable(o)).toList())
                .as("requests answered with something other than 4xx (of %d; seed %d)", REQUESTS, SEED).isEmpty();
        assertThat(stack.alerts().isAlive()).isTrue();
        assertThat(stack.alerts().readyStatus()).isEqualTo(200);
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events")).as("records on crowdsurf.events").isEqualTo(eventsBefore);
        Http.Reply list = Http.get(stack.alerts().baseUrl() + "/api/v1/alerts?conversationId=webchat:sweep:fan-1",
                AlertDrills.admin());
        assertThat(list.body()).as("no alert stored").isEqualTo("[]");
    }

    private static boolean acceptable(Outcome o) {
        if (o.status() >= 400 && o.status() < 500) {
            return true;
        }
        // Only the evaluation function may take a well-formed object of another shape: it asks for a run, which has
        // no cells to evaluate here, and publishes nothing (checked on Kafka above).
        return o.status() == 204 && AlertDrills.EVAL.equals(ceType(o.endpoint())) && o.input().kind() == Kind.WRONG_SHAPE;
    }

    private static BadInputs.Input hostile(BadInputs inputs, Endpoint endpoint) {
        BadInputs.Input input = inputs.next(endpoint.validBody(), endpoint.contentType());
        if (!BadInputSweep.BROKEN_BODY.contains(input.kind())
                && (endpoint.scheme() == Scheme.NONE || input.signing() == Signing.VALID)) {
            // A correctly authenticated, intact body would be legitimate: break the body.
            input = BadInputSweep.brokenBody(inputs, endpoint, input);
        }
        return input;
    }

    private static Outcome send(Endpoint endpoint, BadInputs.Input input) {
        String type = ceType(endpoint);
        if (type == null) {
            return BadInputSweep.send(stack.alerts().port(), endpoint, input, TIMEOUT_MS);
        }
        // Unsigned on purpose: the command function must refuse it (401), the evaluation function its bad data.
        return BadInputSweep.send(stack.alerts().port(), "/", endpoint, input, BadInputSweep.withCloudEvent(
                endpoint.headers(input), "sweep-" + input.index(), type, "/crowdsurf/sweep"), TIMEOUT_MS);
    }

    /** Endpoints whose headers also carry the CloudEvent attributes of the function they aim at. */
    private static List<Endpoint> endpoints() {
        String alert = AlertDrills.snowAlert("Sweep", "webchat:sweep:fan-1", 52.37, 4.53);
        String json = "application/json";
        List<Endpoint> list = new ArrayList<>(List.of(
                Endpoint.of("alert-service", "POST", "/api/v1/alerts", Scheme.BEARER, alert, json),
                Endpoint.of("alert-service", "PUT", "/api/v1/alerts/sweep-missing", Scheme.BEARER, alert, json),
                Endpoint.of("alert-service", "GET", "/api/v1/alerts?conversationId=", Scheme.BEARER, "", json),
                Endpoint.of("alert-service", "DELETE", "/api/v1/alerts/sweep-missing", Scheme.BEARER, "", json),
                Endpoint.of("alert-service", "GET", "/api/v1/alerts/%FF%FE", Scheme.BEARER, "", json),
                Endpoint.of("alert-service", "GET", "/alerts?t=v1.e30.AAAA", Scheme.NONE, "", json),
                Endpoint.of("alert-service", "GET", "/alerts/new?t=%00garbage", Scheme.NONE, "", json),
                Endpoint.of("alert-service", "GET", "/alerts/new", Scheme.NONE, "", json)));
        list.add(function(AlertDrills.EVAL, "{\"reason\":\"hourly\",\"cells\":[\"523:49\"]}"));
        list.add(function(AlertDrills.COMMAND, """
                {"platform":"webchat","botId":"sweep","userId":"fan-1","conversationId":"webchat:sweep:fan-1",\
                "commandId":"c1","command":"/alerts","text":""}"""));
        return list;
    }

    /** The function endpoint {@code /} for one CloudEvent type (its path carries the type as a fragment-free marker). */
    private static Endpoint function(String type, String data) {
        return Endpoint.of("alert-service", "POST", "/?type=" + type, Scheme.NONE, data, "application/json");
    }

    /** The CloudEvent type a function endpoint aims at, or null. */
    private static String ceType(Endpoint e) {
        return e.path().startsWith("/?type=") ? e.path().substring("/?type=".length()) : null;
    }
}
