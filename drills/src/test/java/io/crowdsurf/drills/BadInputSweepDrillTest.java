package io.crowdsurf.drills;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdsurf.drills.harness.BadInputSweep;
import io.crowdsurf.drills.harness.BadInputSweep.Outcome;
import io.crowdsurf.drills.harness.Endpoint;
import io.crowdsurf.drills.harness.Endpoint.Scheme;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.testsupport.BadInputs;
import io.crowdsurf.testsupport.BadInputs.Kind;
import io.crowdsurf.testsupport.BadInputs.Signing;
import io.crowdsurf.testsupport.KafkaProbe;
import io.crowdsurf.testsupport.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill 6: a seeded sweep of hostile requests — malformed, truncated, wrongly shaped, invalid UTF-8,
 * over 1 MiB, random bytes, deeply nested, wrong content types, huge headers, wrong/missing/stale/garbage
 * signatures — against every public endpoint of bot-gateway and quiz-service. Every answer must be a 4xx
 * (a correctly signed, well-formed body of an unknown shape may also be ignored with 2xx, as platforms
 * require), never a 5xx or a dropped connection; both services stay ready; and nothing reaches Kafka.
 * Reproduce one case with {@code -Ddrills.sweep.seed=<seed>}; the failure message lists each bad case.
 */
class BadInputSweepDrillTest {

    private static final long SEED = Long.getLong("drills.sweep.seed", 20240611L);
    private static final int REQUESTS = Integer.getInteger("drills.sweep.requests", 2000);
    /** A service that has not answered within this has hung on the input. */
    private static final int TIMEOUT_MS = 10_000;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.builder("bad-input").withoutDispatcher().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hostileInputGetsOnly4xxAndReachesNothing() throws Exception {
        List<Endpoint> endpoints = endpoints();
        String kafka = stack.kafka().bootstrapServers();
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        long dlqBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events.dlq");

        List<Outcome> outcomes = BadInputSweep.run(endpoints, REQUESTS, new BadInputs(SEED), 8,
                BadInputSweepDrillTest::hostile, BadInputSweepDrillTest::send);
        assertThat(outcomes).hasSize(REQUESTS);
        BadInputSweep.printCounts("bad-input sweep", SEED, outcomes, o -> o.endpoint().path() + " " + o.status());

        List<Outcome> wrong = outcomes.stream().filter(o -> !acceptable(o)).toList();
        assertThat(wrong).as("requests answered with something other than 4xx (of %d; seed %d)", REQUESTS, SEED)
                .isEmpty();

        for (ServiceProcess service : List.of(stack.gateway(), stack.quiz())) {
            assertThat(service.isAlive()).as(service.name() + " alive").isTrue();
            assertThat(service.readyStatus()).as(service.name() + " ready after the sweep").isEqualTo(200);
        }
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events")).as("records on crowdsurf.events")
                .isEqualTo(eventsBefore);
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events.dlq")).as("records on crowdsurf.events.dlq")
                .isEqualTo(dlqBefore);
    }

    /**
     * Regression for the bugs this sweep found (invalid UTF-8 accepted, empty bodies hanging, JSON null
     * answering 500): a focused run of exactly those inputs, which must get 4xx and write nothing.
     */
    @Test
    void signedInvalidUtf8EmptyAndNullBodiesGetOnly4xx() {
        String kafka = stack.kafka().bootstrapServers();
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        List<Outcome> wrong = BadInputSweep.authenticatedInvalidUtf8EmptyAndNull(endpoints(), new BadInputs(SEED + 2),
                BadInputSweepDrillTest::send, BadInputSweepDrillTest::acceptable);
        assertThat(wrong).as("correctly signed invalid UTF-8, empty or null bodies not answered with 4xx").isEmpty();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events")).as("records on crowdsurf.events")
                .isEqualTo(eventsBefore);
    }

    /** 4xx always; 2xx only for a correctly authenticated, well-formed body of a shape the service may ignore. */
    private static boolean acceptable(Outcome o) {
        if (o.status() >= 400 && o.status() < 500) {
            return true;
        }
        boolean authentic = o.endpoint().scheme() == Scheme.NONE || o.input().signing() == Signing.VALID;
        return o.status() >= 200 && o.status() < 300 && authentic && o.input().kind() == Kind.WRONG_SHAPE;
    }

    /**
     * The next input for an endpoint. Where only the body can be wrong (no signature) every input has a broken
     * body; form bodies stay forms when truncated, so those are mis-signed.
     */
    private static BadInputs.Input hostile(BadInputs inputs, Endpoint endpoint) {
        BadInputs.Input input = inputs.next(endpoint.validBody(), endpoint.contentType());
        if (endpoint.scheme() == Scheme.NONE && !BadInputSweep.BROKEN_BODY.contains(input.kind())) {
            input = BadInputSweep.brokenBody(inputs, endpoint, input);
        }
        boolean form = endpoint.contentType().startsWith("application/x-www-form-urlencoded");
        if (form && input.signing() == Signing.VALID && (input.kind() == Kind.TRUNCATED || input.kind() == Kind.INVALID_UTF8)) {
            input = BadInputSweep.withSigning(input, Signing.WRONG);
        }
        return input;
    }

    private static Outcome send(Endpoint endpoint, BadInputs.Input input) {
        return BadInputSweep.send(port(endpoint.service()), endpoint, input, TIMEOUT_MS);
    }

    private static int port(String service) {
        return service.equals("bot-gateway") ? stack.gateway().port() : stack.quiz().port();
    }

    private static List<Endpoint> endpoints() {
        String messenger = """
                {"object":"page","entry":[{"id":"page-sweep","time":1700000000000,"messaging":[{"sender":{"id":"fan-1"},\
                "recipient":{"id":"page-sweep"},"timestamp":1700000000000,"message":{"mid":"mid.sweep","text":"hello"}}]}]}""";
        String slackEvent = """
                {"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1700000000,\
                "event":{"type":"message","channel":"D1","user":"U1","text":"hello","ts":"1700000000.000100"}}""";
        String slackCommand = "token=x&team_id=T1&team_domain=t&channel_id=C1&channel_name=general&user_id=U1"
                + "&user_name=fan&command=%2Fstats&text=members&response_url="
                + URLEncoder.encode("https://hooks.slack.test/commands/1", StandardCharsets.UTF_8) + "&trigger_id=1.2";
        String slackAction = "payload=" + URLEncoder.encode("""
                {"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},"channel":{"id":"D1"},\
                "actions":[{"action_id":"a1","value":"answer-1","action_ts":"1700000000.1"}]}""", StandardCharsets.UTF_8);
        String telegram = """
                {"update_id":1,"message":{"message_id":1,"from":{"id":42,"is_bot":false,"first_name":"Fan"},\
                "chat":{"id":42,"type":"private"},"date":1700000000,"text":"hello"}}""";
        String webChat = """
                {"sessionId":"sweep-session-1","text":"hello","clientMessageId":"sweep-msg-0001"}""";
        String json = "application/json";
        String form = "application/x-www-form-urlencoded";
        List<Endpoint> list = new ArrayList<>(List.of(
                Endpoint.of("bot-gateway", "POST", "/webhooks/messenger", Scheme.META, messenger, json),
                Endpoint.of("bot-gateway", "POST", "/webhooks/slack/events", Scheme.SLACK, slackEvent, json),
                Endpoint.of("bot-gateway", "POST", "/webhooks/slack/commands", Scheme.SLACK, slackCommand, form),
                Endpoint.of("bot-gateway", "POST", "/webhooks/slack/interactivity", Scheme.SLACK, slackAction, form),
                Endpoint.of("bot-gateway", "POST", "/webhooks/telegram", Scheme.TELEGRAM, telegram, json),
                Endpoint.of("bot-gateway", "POST", "/chat/api/messages", Scheme.NONE, webChat, json),
                Endpoint.of("bot-gateway", "GET", "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
                        Scheme.NONE, "", json),
                Endpoint.of("bot-gateway", "GET", "/chat/api/stream?session=%00bad", Scheme.NONE, "", json)));
        list.addAll(quizEndpoints());
        return list;
    }

    private static List<Endpoint> quizEndpoints() {
        String campaign = """
                {"id":"sweep-campaign","name":"Sweep","startsAt":"2020-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z",\
                "channels":[{"platform":"messenger","botId":"page-sweep"}],"selection":{"mode":"INSTANT","probability":0.5},\
                "questions":[{"text":"Where is the party?","accepted":["Amsterdam"],"options":["Amsterdam","Rotterdam"]}],\
                "requiredCorrect":1,"pools":[{"id":"ams","name":"Amsterdam","capacity":10}]}""";
        String json = "application/json";
        return List.of(
                Endpoint.of("quiz-service", "POST", "/api/v1/campaigns", Scheme.BEARER, campaign, json),
                Endpoint.of("quiz-service", "PUT", "/api/v1/campaigns/sweep-missing", Scheme.BEARER, campaign, json),
                Endpoint.of("quiz-service", "POST", "/api/v1/campaigns/sweep-missing/draws", Scheme.BEARER,
                        "{\"count\":1,\"drawId\":\"d1\"}", json),
                Endpoint.of("quiz-service", "POST", "/api/v1/campaigns/sweep-missing/open", Scheme.BEARER, "{}", json),
                Endpoint.of("quiz-service", "POST", "/api/v1/tickets/AAAA-BBBB-CCCC-DDDD/check-in", Scheme.BEARER, "{}",
                        json),
                Endpoint.of("quiz-service", "GET", "/api/v1/campaigns/sweep-missing/stats", Scheme.BEARER, "", json),
                Endpoint.of("quiz-service", "GET", "/api/v1/campaigns?status=%FF%FE", Scheme.BEARER, "", json));
    }

    /**
     * The CloudEvent functions at {@code /} are meant for the broker, but nothing in the Knative Services
     * makes them cluster-local: bot-gateway must be public for its webhooks, so its {@code /} is public
     * too. Garbage there (binary-mode CloudEvent headers, broken data) must be refused with 4xx and change
     * nothing; a 5xx makes a broker retry it, which is right for an outage but not for garbage.
     */
    @Test
    void functionEndpointsRefuseGarbageWith4xx() {
        String kafka = stack.kafka().bootstrapServers();
        long eventsBefore = KafkaProbe.endOffsetSum(kafka, "crowdsurf.events");
        BadInputs inputs = new BadInputs(SEED + 1);
        List<Outcome> wrong = new ArrayList<>();
        String reply = """
                {"replyId":"sweep-reply","platform":"messenger","botId":"page-sweep","userId":"fan-1",\
                "conversationId":"messenger:page-sweep:fan-1","text":"hello"}""";
        String message = """
                {"platform":"messenger","botId":"page-sweep","userId":"fan-1","conversationId":"messenger:page-sweep:fan-1",\
                "messageId":"m1","text":"hello"}""";
        for (int i = 0; i < 100; i++) {
            boolean gateway = i % 2 == 0;
            String type = gateway ? "com.crowdsurf.chat.reply.requested" : "com.crowdsurf.chat.message.received";
            Endpoint endpoint = Endpoint.of(gateway ? "bot-gateway" : "quiz-service", "POST", "/", Scheme.NONE,
                    gateway ? reply : message, "application/json");
            BadInputs.Input input = inputs.of(List.of(Kind.MALFORMED_JSON, Kind.TRUNCATED, Kind.INVALID_UTF8,
                    Kind.RANDOM_BYTES, Kind.EMPTY_BODY, Kind.DEEP_NESTING).get(i / 2 % 6), endpoint.validBody(),
                    "application/json");
            Map<String, String> headers = BadInputSweep.withCloudEvent(endpoint.headers(input), "sweep-" + i, type, "/sweep");
            Outcome o = BadInputSweep.send(port(endpoint.service()), "/", endpoint, input, headers, TIMEOUT_MS);
            if (!(o.status() >= 400 && o.status() < 500)) {
                wrong.add(o);
            }
        }
        assertThat(wrong).as("garbage CloudEvents not refused with 4xx").isEmpty();
        assertThat(KafkaProbe.endOffsetSum(kafka, "crowdsurf.events")).as("records on crowdsurf.events")
                .isEqualTo(eventsBefore);
    }
}
