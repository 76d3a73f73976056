package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerLoaderTest {

    @TempDir
    Path dir;

    private List<Trigger> load(String yaml) throws IOException {
        Files.writeString(dir.resolve("t.yaml"), yaml);
        return TriggerLoader.load(List.of(dir));
    }

    @Test
    void readsTheRepositorysOwnTriggers() {
        List<Trigger> triggers = TriggerLoader.load(List.of(Path.of("..", "k8s", "base")));

        assertThat(triggers).isNotEmpty();
        Trigger reply = triggers.stream().filter(t -> t.name().equals("bot-gateway--chat-reply-requested"))
                .findFirst().orElseThrow();
        assertThat(reply.subscriber()).isEqualTo(new Subscriber("bot-gateway-replies", null));
        assertThat(reply.filter().matches(Map.of("type", "com.crowdsurf.chat.reply.requested"))).isTrue();
        assertThat(reply.filter().matches(Map.of("type", "com.crowdsurf.chat.message.received"))).isFalse();
        assertThat(reply.delivery().deadLetter()).isTrue();
        // Every Trigger routes to a Service the local layout knows.
        assertThat(triggers).allSatisfy(t -> assertThat(SubscriberTable.DEFAULTS).containsKey(t.subscriber().service()));
    }

    @Test
    void readsLegacyFilterSubscriberPathAndDelivery() throws IOException {
        Trigger t = load("""
                # a comment, then a document that is not a Trigger
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unrelated}
                ---
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: quiz--draw
                spec:
                  broker: crowdsurf
                  filter:
                    attributes:
                      type: com.crowdsurf.quiz.draw.requested
                      source: /crowdsurf/schedule
                  subscriber:
                    ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: quiz-service}
                    uri: /draw
                  delivery:
                    retry: 4
                    backoffPolicy: linear
                    backoffDelay: PT0.5S
                    timeout: PT3S
                """).get(0);

        assertThat(t.name()).isEqualTo("quiz--draw");
        assertThat(t.consumerGroup()).isEqualTo("crowdsurf-dispatcher.quiz--draw");
        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.quiz.draw.requested",
                "source", "/crowdsurf/schedule"))).isTrue();
        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.quiz.draw.requested",
                "source", "/elsewhere"))).isFalse();
        assertThat(t.subscriber().resolve(new SubscriberTable(SubscriberTable.DEFAULTS)))
                .hasToString("http://localhost:8082/draw");
        assertThat(t.delivery()).isEqualTo(new DeliverySpec(4, BackoffPolicy.LINEAR, Duration.ofMillis(500),
                Duration.ofSeconds(3), false));
    }

    @Test
    void readsTheFiltersDialects() throws IOException {
        Trigger t = load("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: alerts}
                spec:
                  filter:
                    attributes: {type: ignored-when-filters-present}
                  filters:
                    - prefix: {type: com.crowdsurf.alert.}
                    - any:
                        - suffix: {type: .found}
                        - exact: {type: com.crowdsurf.alert.opportunity.cancelled}
                    - not:
                        exact: {source: /crowdsurf/test}
                  subscriber:
                    ref: {kind: Service, name: alert-service}
                """).get(0);

        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.alert.opportunity.found", "source", "/a")))
                .isTrue();
        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.alert.opportunity.cancelled", "source", "/a")))
                .isTrue();
        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.alert.evaluation.requested", "source", "/a")))
                .isFalse();
        assertThat(t.filter().matches(Map.of("type", "com.crowdsurf.alert.opportunity.found",
                "source", "/crowdsurf/test"))).isFalse();
        assertThat(t.filter().matches(Map.of("source", "/a"))).isFalse();
        assertThat(t.delivery()).isEqualTo(DeliverySpec.NONE);
    }

    @Test
    void triggerWithoutFilterReceivesEverything() throws IOException {
        Trigger t = load("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: all}
                spec:
                  subscriber:
                    uri: http://localhost:9999/sink
                """).get(0);

        assertThat(t.filter().matches(Map.of("type", "anything"))).isTrue();
        assertThat(t.subscriber().resolve(new SubscriberTable(Map.of()))).hasToString("http://localhost:9999/sink");
    }

    @Test
    void unsupportedOrBrokenManifestsFailNamingTheFile() {
        assertThatThrownBy(() -> load("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: sql}
                spec:
                  filters:
                    - cesql: "type LIKE 'com.%'"
                  subscriber: {ref: {kind: Service, name: quiz-service}}
                """)).isInstanceOf(TriggerManifestException.class)
                .hasMessageContaining("t.yaml").hasMessageContaining("cesql");
        assertThatThrownBy(() -> load("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: slow}
                spec:
                  subscriber: {ref: {kind: Service, name: quiz-service}}
                  delivery: {retry: 2, backoffDelay: 200ms}
                """)).isInstanceOf(TriggerManifestException.class)
                .hasMessageContaining("backoffDelay").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> load("""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: nowhere}
                spec:
                  filter: {attributes: {type: x}}
                """)).isInstanceOf(TriggerManifestException.class).hasMessageContaining("spec.subscriber");
    }

    @Test
    void duplicateTriggerNamesAreRejected() throws IOException {
        String yaml = """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: twin}
                spec:
                  subscriber: {ref: {kind: Service, name: quiz-service}}
                """;
        Files.writeString(dir.resolve("a.yaml"), yaml);
        Files.writeString(dir.resolve("b.yml"), yaml);

        assertThatThrownBy(() -> TriggerLoader.load(List.of(dir))).isInstanceOf(TriggerManifestException.class)
                .hasMessageContaining("twin").hasMessageContaining("defined twice");
    }
}
