package io.crowdsurf.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.EventType;

/**
 * Reads {@code crowdsurf.events} between two offset snapshots (no consumer group, nothing committed) and counts
 * the {@code chat.message.received} records of the given platform message ids: the proof that what was
 * acknowledged is durable.
 */
public final class KafkaLedger implements AutoCloseable {

    /** How many of the expected message ids were found, and how many records carried them. */
    public record Count(int expected, int found, int records, int otherRecords) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions;

    public KafkaLedger(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "crowdsurf-bench-ledger");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
    }

    /** The current end of every partition. */
    public Map<TopicPartition, Long> snapshot() {
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(15)));
    }

    /** Counts records of {@code chat.message.received} for {@code messageIds} in [from, to). */
    public Count count(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Set<String> messageIds) {
        String wanted = EventType.CHAT_MESSAGE_RECEIVED.type();
        Set<String> found = new java.util.HashSet<>();
        int records = 0;
        int other = 0;
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, from.getOrDefault(tp, 0L));
        }
        Map<TopicPartition, Long> remaining = new HashMap<>(to);
        remaining.entrySet().removeIf(e -> e.getValue() <= from.getOrDefault(e.getKey(), 0L));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = remaining.get(tp);
                if (end == null || r.offset() >= end) {
                    continue;
                }
                if (r.offset() == end - 1) {
                    remaining.remove(tp);
                }
                Header type = r.headers().lastHeader("ce_type");
                if (type == null || !wanted.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                    other++;
                    continue;
                }
                String mid = messageId(r.value());
                if (mid != null && messageIds.contains(mid)) {
                    records++;
                    found.add(mid);
                } else {
                    other++;
                }
            }
            // transaction markers occupy offsets without records: treat a partition as done when position passes end
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        if (!remaining.isEmpty()) {
            throw new IllegalStateException("could not read " + topic + " up to " + remaining + " within 120 s");
        }
        return new Count(messageIds.size(), found.size(), records, other);
    }

    private static String messageId(byte[] value) {
        try {
            JsonNode data = JSON.readTree(value);
            JsonNode mid = data.get("messageId");
            return mid == null ? null : mid.asText();
        } catch (Exception e) {
            return null;
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
