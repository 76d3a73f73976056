package io.crowdsurf.devstack.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.crowdsurf.events.Topics;

/**
 * Waits for the local broker and creates the Crowdsurf topics if they are missing; existing topics (and
 * their data) are left alone, so a second {@code ./crowdsurf up} is harmless.
 * <p>{@code java -cp ... io.crowdsurf.devstack.kafka.KafkaTopics [bootstrap] [timeoutSeconds]}
 */
public final class KafkaTopics {

    /** Partitions bound the dispatcher's and the services' parallelism per topic. */
    public static final List<NewTopic> TOPICS = List.of(
            new NewTopic(Topics.EVENTS, 8, (short) 1),
            new NewTopic(Topics.HITS, 8, (short) 1),
            new NewTopic(Topics.DLQ, 1, (short) 1));

    private KafkaTopics() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        try {
            List<String> created = ensure(bootstrap, TOPICS, timeout);
            System.out.println(created.isEmpty() ? "topics present" : "created topics " + created);
        } catch (IllegalStateException e) {
            System.err.println("kafka-topics: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Returns the names it created; retries until the broker answers or {@code timeout} passes. */
    public static List<String> ensure(String bootstrap, List<NewTopic> topics, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    return createMissing(admin, topics);
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within "
                                + timeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    private static List<String> createMissing(Admin admin, List<NewTopic> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        List<String> created = new ArrayList<>();
        for (NewTopic topic : topics) {
            if (existing.contains(topic.name())) {
                continue;
            }
            try {
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }
}
