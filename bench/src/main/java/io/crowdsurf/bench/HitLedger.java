package io.crowdsurf.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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

/**
 * Counts the hits of one site on {@code crowdsurf.hits} between two offset snapshots: records whose CloudEvent
 * subject ({@code ce_subject}) is the site, and their distinct ids ({@code ce_id} = hit id). The proof that every
 * acknowledged hit is in Kafka.
 */
public final class HitLedger implements AutoCloseable {

    /** Records of the site, and how many distinct hit ids they carry. */
    public record Count(long records, long distinctIds) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    public HitLedger(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "crowdsurf-bench-hits");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
    }

    public Map<TopicPartition, Long> snapshot() {
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(15)));
    }

    public Count count(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, String site) {
        Set<String> ids = new HashSet<>();
        long records = 0;
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, from.getOrDefault(tp, 0L));
        }
        Map<TopicPartition, Long> remaining = new HashMap<>(to);
        remaining.entrySet().removeIf(e -> e.getValue() <= from.getOrDefault(e.getKey(), 0L));
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                Long end = remaining.get(new TopicPartition(r.topic(), r.partition()));
                if (end == null || r.offset() >= end) {
                    continue;
                }
                if (site.equals(header(r, "ce_subject"))) {
                    records++;
                    ids.add(header(r, "ce_id"));
                }
            }
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        if (!remaining.isEmpty()) {
            throw new IllegalStateException("could not read the hits topic up to " + remaining + " within 300 s");
        }
        return new Count(records, ids.size());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
