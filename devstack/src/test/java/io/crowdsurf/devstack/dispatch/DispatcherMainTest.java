package io.crowdsurf.devstack.dispatch;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatcherMainTest {

    @Test
    void defaultsReadTheRepositorysTriggersAndTheLocalPorts() {
        DispatcherConfig config = DispatcherMain.parse(new String[] {"--triggers", "../k8s/base"}, name -> null);

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topic()).isEqualTo("crowdsurf.events");
        assertThat(config.dlqTopic()).isEqualTo("crowdsurf.events.dlq");
        assertThat(config.initialOffset()).isEqualTo("earliest");
        assertThat(config.maxInFlight()).isEqualTo(64);
        assertThat(config.triggers()).isNotEmpty();
        assertThat(config.subscribers().baseUrl("quiz-service")).isEqualTo("http://localhost:8082");
    }

    @Test
    void optionsAndEnvironmentOverride() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");
        DispatcherConfig config = DispatcherMain.parse(new String[] {"--triggers", "../k8s/base",
                "--subscriber", "quiz-service=http://elsewhere:1", "--initial-offset", "latest"}, env::get);

        assertThat(config.bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(config.subscribers().baseUrl("quiz-service")).isEqualTo("http://elsewhere:1");
        assertThat(config.initialOffset()).isEqualTo("latest");
    }

    @Test
    void maxInFlightComesFromTheOptionOrTheEnvironment() {
        Map<String, String> env = Map.of("CROWDSURF_DISPATCHER_MAX_IN_FLIGHT", "16");
        assertThat(DispatcherMain.parse(new String[] {"--triggers", "../k8s/base"}, env::get).maxInFlight())
                .isEqualTo(16);
        assertThat(DispatcherMain.parse(new String[] {"--triggers", "../k8s/base", "--max-in-flight", "3"},
                env::get).maxInFlight()).isEqualTo(3);
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--triggers", "../k8s/base",
                "--max-in-flight", "0"}, n -> null)).hasMessageContaining("--max-in-flight must be");
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--triggers", "../k8s/base"},
                Map.of("CROWDSURF_DISPATCHER_MAX_IN_FLIGHT", "many")::get))
                .hasMessageContaining("CROWDSURF_DISPATCHER_MAX_IN_FLIGHT must be");
    }

    @Test
    void theAdaptiveFloorDefaultsToASixteenthAndComesFromTheOptionOrTheEnvironment() {
        assertThat(DispatcherMain.parse(new String[] {"--triggers", "../k8s/base"}, n -> null).minInFlight())
                .isEqualTo(4);
        Map<String, String> env = Map.of("CROWDSURF_DISPATCHER_MIN_IN_FLIGHT", "8");
        assertThat(DispatcherMain.parse(new String[] {"--triggers", "../k8s/base"}, env::get).minInFlight())
                .isEqualTo(8);
        assertThat(DispatcherMain.parse(new String[] {"--triggers", "../k8s/base", "--min-in-flight", "64"},
                env::get).minInFlight()).as("= max: a fixed limit").isEqualTo(64);
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--triggers", "../k8s/base",
                "--max-in-flight", "8", "--min-in-flight", "9"}, n -> null)).hasMessageContaining("--min-in-flight must be");
    }

    @Test
    void badArgumentsAreExplained() {
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--subscriber", "quiz-service"}, n -> null))
                .hasMessageContaining("NAME=URL");
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--bogus", "1"}, n -> null))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> DispatcherMain.parse(new String[] {"--topic"}, n -> null))
                .hasMessageContaining("needs a value");
    }
}
