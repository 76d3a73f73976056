package io.crowdsurf.drills;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.crowdsurf.drills.harness.Stack;
import io.crowdsurf.drills.harness.Drills;
import io.crowdsurf.drills.harness.Http;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.testsupport.KafkaProbe;

/** What the alert drills share: alerts through the API, CloudEvents to the function, events read from Kafka. */
final class AlertDrills {

    static final String EVAL = "com.crowdsurf.alert.evaluation.requested";
    static final String COMMAND = "com.crowdsurf.chat.command.received";
    static final String FOUND = "com.crowdsurf.alert.opportunity.found";

    private AlertDrills() {
    }

    static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN, "Content-Type", "application/json");
    }

    static String snowAlert(String nickname, String conversationId, double lat, double lon) {
        return """
                {"nickname":"%s","owner":{"platform":"webchat","conversationId":"%s"},\
                "location":{"latitude":%s,"longitude":%s},"conditions":{"precipitation":["snow"]}}"""
                .formatted(nickname, conversationId, lat, lon);
    }

    static Http.Reply createAlert(Stack stack, String json) {
        return Http.send("POST", stack.alerts().baseUrl() + "/api/v1/alerts", admin(),
                json.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    /** A binary-mode CloudEvent to alert-service's {@code /}; signed with the drills' events key when asked. */
    static Http.Reply post(Stack stack, String type, String id, String source, String data, boolean sign) {
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", id);
        h.put("ce-type", type);
        h.put("ce-source", source);
        h.put("Content-Type", "application/json");
        if (sign) {
            h.put("ce-" + EventSignature.EXTENSION, EventSignature.compute(Drills.EVENTS_SIGNING_KEY, id, type, source, body));
        }
        return Http.send("POST", stack.alerts().baseUrl() + "/", h, body, Duration.ofSeconds(60));
    }

    static String runRequest() {
        return "{\"reason\":\"hourly\",\"requestedAt\":\"" + Instant.now() + "\"}";
    }

    static List<CloudEvent> events(Stack stack, String subject, String type) {
        return KafkaProbe.readAll(stack.kafka().bootstrapServers(), "crowdsurf.events").stream()
                .map(KafkaCodec::fromRecord)
                .filter(e -> subject.equals(e.getSubject()) && type.equals(e.getType())).toList();
    }
}
