package io.crowdsurf.devstack.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(events, dlq)).allTopicNames().get();
            assertThat(described.get(events).partitions()).hasSize(8);
            assertThat(described.get(dlq).partitions()).hasSize(1);
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
