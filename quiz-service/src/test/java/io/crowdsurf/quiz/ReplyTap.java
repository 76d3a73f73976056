package io.crowdsurf.quiz;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.testsupport.TestKafka;

/**
 * Reads what quiz-service publishes, from the real Kafka topic: one consumer for the JVM, started at the
 * topic's end, collecting events by subject (the conversation id).
 */
final class ReplyTap {

    private static final Map<String, List<CloudEvent>> BY_SUBJECT = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private ReplyTap() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "quiz-test-tap-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("crowdsurf.events").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now, so nothing published after start() is missed
        Thread t = Thread.ofPlatform().daemon().name("reply-tap").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    CloudEvent e = KafkaCodec.fromRecord(r);
                    if (e.getSubject() != null) {
                        BY_SUBJECT.computeIfAbsent(e.getSubject(), k -> new CopyOnWriteArrayList<>()).add(e);
                    }
                }
            }
        });
        started = t.isAlive();
    }

    static List<CloudEvent> events(String conversationId) {
        return List.copyOf(BY_SUBJECT.getOrDefault(conversationId, List.of()));
    }

    static List<ChatReplyRequested> replies(String conversationId) {
        return events(conversationId).stream()
                .filter(e -> e.getType().equals(EventType.CHAT_REPLY_REQUESTED.type()))
                .map(e -> CrowdsurfEvents.data(e, ChatReplyRequested.class))
                .toList();
    }

    /** Replies with distinct replyIds, first occurrence each (what bot-gateway would send). */
    static List<ChatReplyRequested> distinctReplies(String conversationId) {
        Map<String, ChatReplyRequested> seen = new java.util.LinkedHashMap<>();
        replies(conversationId).forEach(r -> seen.putIfAbsent(r.replyId(), r));
        return List.copyOf(seen.values());
    }

    static List<QuizTicketAwarded> awards(String conversationId) {
        return events(conversationId).stream()
                .filter(e -> e.getType().equals(EventType.QUIZ_TICKET_AWARDED.type()))
                .map(e -> CrowdsurfEvents.data(e, QuizTicketAwarded.class))
                .toList();
    }

    /** Waits until at least {@code count} distinct replies arrived; returns them all. */
    static List<ChatReplyRequested> awaitReplies(String conversationId, int count) {
        return await(() -> distinctReplies(conversationId), l -> l.size() >= count,
                "expected " + count + " replies to " + conversationId);
    }

    static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ", got " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }
}
