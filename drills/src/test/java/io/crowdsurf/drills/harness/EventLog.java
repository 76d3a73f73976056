package io.crowdsurf.drills.harness;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.testsupport.KafkaProbe;

/** What a topic holds, read as binary-mode CloudEvents: for counting effects, not trusting logs. */
public final class EventLog {

    /** One record: CloudEvent attributes from the {@code ce_*} headers and the JSON data. */
    public record Event(String id, String type, String source, String subject, String key, JsonNode data,
            ConsumerRecord<String, byte[]> record) {
        public String header(String name) {
            return KafkaProbe.header(record, name);
        }
    }

    public static final String MESSAGE_RECEIVED = "com.crowdsurf.chat.message.received";
    public static final String REPLY_REQUESTED = "com.crowdsurf.chat.reply.requested";
    public static final String TICKET_AWARDED = "com.crowdsurf.quiz.ticket.awarded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLog() {
    }

    public static List<Event> read(String bootstrap, String topic) {
        return KafkaProbe.readAll(bootstrap, topic).stream().map(EventLog::event).toList();
    }

    public static List<Event> ofType(List<Event> events, String type) {
        return events.stream().filter(e -> type.equals(e.type())).toList();
    }

    /** How many records carry each value of {@code key}. */
    public static Map<String, Long> countBy(List<Event> events, Function<Event, String> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static Event event(ConsumerRecord<String, byte[]> r) {
        JsonNode data;
        try {
            data = r.value() == null ? JSON.nullNode() : JSON.readTree(r.value());
        } catch (Exception e) {
            data = JSON.nullNode();
        }
        return new Event(KafkaProbe.header(r, "ce_id"), KafkaProbe.header(r, "ce_type"),
                KafkaProbe.header(r, "ce_source"), KafkaProbe.header(r, "ce_subject"), r.key(), data, r);
    }
}
