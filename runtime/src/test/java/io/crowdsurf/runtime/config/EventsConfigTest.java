package io.crowdsurf.runtime.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.Topics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class EventsConfigTest {

    private static EventsConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(EventsConfig.class)
                .build();
        return config.getConfigMapping(EventsConfig.class);
    }

    @Test
    void defaultsAreProductionValues() {
        EventsConfig events = load(Map.of());

        assertThat(events.topic()).isEqualTo(Topics.EVENTS);
        assertThat(events.publishTimeoutMs()).isEqualTo(5000);
        assertThat(events.lingerMs()).isEqualTo(1);
        assertThat(events.activeSigningKey()).isEmpty();
        assertThat(events.guard().consumer()).isEmpty();
        assertThat(events.guard().requireSignature()).isFalse();
    }

    @Test
    void readsTheDocumentedKeys() {
        EventsConfig events = load(Map.of("crowdsurf.events.topic", "t", "crowdsurf.events.signing-key", " k ",
                "crowdsurf.events.publish-timeout-ms", "800", "crowdsurf.events.guard.consumer", "quiz-service",
                "crowdsurf.events.guard.types", "a,b", "crowdsurf.events.guard.require-signature", "true"));

        assertThat(events.topic()).isEqualTo("t");
        assertThat(events.activeSigningKey()).contains("k");
        assertThat(events.publishTimeoutMs()).isEqualTo(800);
        assertThat(events.guard().consumer()).contains("quiz-service");
        assertThat(events.guard().types()).hasValueSatisfying(t -> assertThat(t).containsExactly("a", "b"));
        assertThat(events.guard().requireSignature()).isTrue();
    }

    @Test
    void blankSigningKeyMeansNoSigning() {
        assertThat(load(Map.of("crowdsurf.events.signing-key", "  ")).activeSigningKey()).isEmpty();
    }
}
