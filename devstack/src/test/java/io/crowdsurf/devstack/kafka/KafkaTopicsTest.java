package io.crowdsurf.devstack.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTopicsTest {

    @Test
    void createsMissingTopicsOnceAndLeavesExistingOnesAlone() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String events = "events-" + UUID.randomUUID();
        String dlq = events + ".dlq";
        List<NewTopic> topics = List.of(new NewTopic(events, 8, (short) 1), new NewTopic(dlq, 1, (short) 1));

        assertThat(KafkaTopics.ensure(bootstrap, topics, Duration.ofSeconds(20))).containsExactly(events, dlq);
        assertThat(KafkaTopics.ensure(bootstrap, topics, Duration.ofSeconds(20))).isEmpty();

        Map<String, TopicDescription> described = describe(bootstrap, List.of(events, dlq));
        assertThat(described.get(events).partitions()).hasSize(8);
        assertThat(described.get(dlq).partitions()).hasSize(1);
    }

    /** New topics reach the broker's metadata cache a moment after creation succeeds. */
    private static Map<String, TopicDescription> describe(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    return admin.describeTopics(names).allTopicNames().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @Test
    void givesUpWithAClearMessageWhenNoBrokerAnswers() {
        assertThatThrownBy(() -> KafkaTopics.ensure("localhost:1", KafkaTopics.TOPICS, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("localhost:1").hasMessageContaining("did not answer");
    }

    @Test
    void theLocalTopicsAreTheDesignsThree() {
        assertThat(KafkaTopics.TOPICS).extracting(NewTopic::name)
                .containsExactly("crowdsurf.events", "crowdsurf.hits", "crowdsurf.events.dlq");
    }
}
