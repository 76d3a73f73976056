package io.crowdsurf.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rule must be able to fail: the base, broken in one place the way a hand edit breaks it, must yield
 * exactly the violation that names the place. Without these, an empty list could mean a blind rule.
 */
class RulesCatchMistakesTest {

    @Test
    void theBaseItselfIsClean() {
        Manifests m = broken(docs -> { });
        assertThat(ManifestRules.unknownFields(m)).isEmpty();
        assertThat(ManifestRules.knativeServices(m)).isEmpty();
    }

    @Test
    void unknownFieldWalkerFindsAMisspeltContainerImage() {
        Manifests m = broken(docs -> {
            Map<String, Object> c = container(doc(docs, "Service", "bot-gateway"));
            c.put("imagee", c.remove("image"));
        });
        assertThat(ManifestRules.unknownFields(m)).containsExactly(
                "Service/bot-gateway: unknown field spec.template.spec.containers[0].imagee");
    }

    @Test
    void unknownFieldWalkerFindsAMisspeltTemplate() {
        Manifests m = broken(docs -> {
            Map<String, Object> spec = map(doc(docs, "Service", "quiz-service").get("spec"));
            spec.put("templat", spec.remove("template"));
        });
        assertThat(ManifestRules.unknownFields(m)).containsExactly("Service/quiz-service: unknown field spec.templat");
    }

    @Test
    void unknownFieldWalkerFindsAMisspeltKafkaSinkField() {
        Manifests m = broken(docs -> {
            Map<String, Object> spec = map(doc(docs, "KafkaSink", "crowdsurf-dlq").get("spec"));
            spec.put("bootstrapServer", spec.remove("bootstrapServers"));
        });
        assertThat(ManifestRules.unknownFields(m)).containsExactly("KafkaSink/crowdsurf-dlq: unknown field spec.bootstrapServer");
        assertThat(ManifestRules.broker(m)).anyMatch(v -> v.contains("bootstrapServers must be"));
    }

    @Test
    void aMisspeltKindHasNoTypedModelAndIsRefused() {
        assertThatThrownBy(() -> broken(docs -> doc(docs, "Trigger", "quiz-service--chat-message-received").put("kind", "Triger")))
                .hasMessageContaining("no typed model");
    }

    @Test
    void autoscalingRulesCatchMinAboveMaxTyposAndMisplacedAnnotations() {
        Manifests m = broken(docs -> {
            Map<String, Object> ksvc = doc(docs, "Service", "alert-service");
            Map<String, Object> ann = templateAnnotations(ksvc);
            ann.put("autoscaling.knative.dev/min-scale", "5");
            ann.put("autoscaling.knative.dev/minScale", "1");
            ann.put("autoscaling.knative.dev/target", "many");
            map(ksvc.get("metadata")).put("annotations", Map.of("autoscaling.knative.dev/max-scale", "9"));
        });
        assertThat(ManifestRules.knativeServices(m)).containsExactlyInAnyOrder(
                "KnativeService/alert-service: autoscaling.knative.dev/max-scale belongs on spec.template.metadata.annotations (Knative rejects it here)",
                "KnativeService/alert-service: unknown annotation autoscaling.knative.dev/minScale",
                "KnativeService/alert-service: autoscaling.knative.dev/target is not a number: many",
                "KnativeService/alert-service: min-scale 5 > max-scale 3");
    }

    @Test
    void aProbeOnTheWrongPathOrPortIsCaught() {
        Manifests m = broken(docs -> {
            Map<String, Object> httpGet = map(map(container(doc(docs, "Service", "metrics-service")).get("livenessProbe")).get("httpGet"));
            httpGet.put("path", "/health");
            httpGet.put("port", 9000);
        });
        assertThat(ManifestRules.knativeServices(m)).containsExactlyInAnyOrder(
                "KnativeService/metrics-service livenessProbe: path /health, expected /q/health/live",
                "KnativeService/metrics-service livenessProbe: Knative only probes the serving port 8084, not 9000");
    }

    @Test
    void containerRulesCatchMissingLimitsAndProbesAndUnpinnedImages() {
        Manifests m = broken(docs -> {
            Map<String, Object> c = container(doc(docs, "Service", "bot-gateway"));
            map(c.get("resources")).remove("limits");
            c.remove("readinessProbe");
            c.put("image", "ghcr.io/crowdsurf/bot-gateway:latest");
        });
        assertThat(ManifestRules.containers(m)).containsExactlyInAnyOrder(
                "KnativeService/bot-gateway container bot-gateway: needs a cpu request and limit",
                "KnativeService/bot-gateway container bot-gateway: needs a memory request and limit",
                "KnativeService/bot-gateway container bot-gateway: image ghcr.io/crowdsurf/bot-gateway:latest must carry a pinned tag or digest",
                "KnativeService/bot-gateway container bot-gateway: no readinessProbe");
    }

    @Test
    void aTriggerOnAnUnknownTypeIsCaughtAndItsCatalogPairGoesMissing() {
        Manifests m = broken(docs -> filterAttributes(doc(docs, "Trigger", "quiz-service--chat-message-received"))
                .put("type", "com.crowdsurf.chat.mesage.received"));
        assertThat(ManifestRules.triggers(m)).containsExactly(
                "Trigger quiz-service--chat-message-received: type com.crowdsurf.chat.mesage.received is not in the event catalog");
        assertThat(ManifestRules.catalogCoverage(m)).containsExactly(
                "catalog pair com.crowdsurf.chat.message.received -> quiz-service has 0 Triggers, expected 1");
    }

    @Test
    void aTriggerToAServiceTheCatalogDoesNotNameIsCaught() {
        Manifests m = broken(docs -> map(map(map(doc(docs, "Trigger", "bot-gateway--chat-reply-requested").get("spec"))
                .get("subscriber")).get("ref")).put("name", "alert-service"));
        assertThat(ManifestRules.triggers(m)).contains(
                "Trigger bot-gateway--chat-reply-requested: the catalog does not list alert-service as a consumer of com.crowdsurf.chat.reply.requested");
    }

    @Test
    void aTriggerWithoutDeadLettersOrOnAnotherBrokerIsCaught() {
        Manifests m = broken(docs -> {
            Map<String, Object> spec = map(doc(docs, "Trigger", "quiz-service--quiz-draw-requested").get("spec"));
            map(spec.get("delivery")).remove("deadLetterSink");
            spec.put("broker", "default");
        });
        assertThat(ManifestRules.triggers(m)).containsExactlyInAnyOrder(
                "Trigger quiz-service--quiz-draw-requested: broker must be crowdsurf, not default",
                "Trigger quiz-service--quiz-draw-requested: delivery.deadLetterSink must reference a KafkaSink defined here (crowdsurf-dlq)");
    }

    @Test
    void aDuplicateTriggerWouldDeliverTwice() {
        Manifests m = broken(docs -> {
            Map<String, Object> copy = Yaml.copy(doc(docs, "Trigger", "bot-gateway--chat-reply-requested"));
            map(copy.get("metadata")).put("name", "bot-gateway--chat-reply-requested-2");
            docs.add(copy);
        });
        assertThat(ManifestRules.catalogCoverage(m)).anyMatch(v -> v.contains("has 2 Triggers"));
    }

    @Test
    void aBrokerWithoutTheKafkaClassOrExternalTopicIsCaught() {
        Manifests m = broken(docs -> map(doc(docs, "Broker", "crowdsurf").get("metadata")).put("annotations",
                Map.of("eventing.knative.dev/broker.class", "MTChannelBasedBroker")));
        assertThat(ManifestRules.broker(m)).containsExactlyInAnyOrder(
                "Broker crowdsurf: eventing.knative.dev/broker.class must be Kafka",
                "Broker crowdsurf: kafka.eventing.knative.dev/external.topic must be crowdsurf.events");
    }

    @Test
    void aScheduleWithAMisspeltDataFieldOrAForeignTypeIsCaught() {
        Manifests m = broken(docs -> {
            env(doc(docs, "CronJob", "alert-evaluation-hourly")).stream()
                    .filter(e -> e.get("name").equals("CE_DATA")).forEach(e -> e.put("value", "{\"reson\":\"hourly\"}"));
            env(doc(docs, "CronJob", "alert-forecast-refresh")).stream()
                    .filter(e -> e.get("name").equals("CE_TYPE")).forEach(e -> e.put("value", "com.crowdsurf.chat.reply.requested"));
        });
        List<String> v = ManifestRules.schedules(m);
        assertThat(v).hasSize(3);
        assertThat(v.get(0)).startsWith("CronJob alert-evaluation-hourly: CE_DATA is not a valid AlertEvaluationRequested")
                .contains("\"reson\"");
        assertThat(v.get(1)).isEqualTo(
                "CronJob alert-forecast-refresh: the catalog does not list the schedule as an emitter of com.crowdsurf.chat.reply.requested");
        // ...and its data, right for the alert type, is not a reply.
        assertThat(v.get(2)).startsWith("CronJob alert-forecast-refresh: CE_DATA is not a valid ChatReplyRequested");
    }

    @Test
    void aKnownSecretValueIsCaught() {
        Manifests m = broken(docs -> map(doc(docs, "Secret", "crowdsurf-secrets").get("data")).put("SLACK_SIGNING_SECRET", "cmVwbGFjZS1tZQ=="));
        assertThat(ManifestRules.placeholderSecrets(m)).containsExactly("Secret crowdsurf-secrets: SLACK_SIGNING_SECRET must be empty"
                + " in the example: a known value would open the channel to anyone");
    }

    @Test
    void aCommandTriggerWithoutTheCommandFilterIsCaught() {
        Manifests m = broken(docs -> map(map(doc(docs, "Trigger", "alert-service--chat-command-received").get("spec"))
                .get("filter")).put("attributes", new java.util.LinkedHashMap<>(Map.of("type",
                        "com.crowdsurf.chat.command.received"))));
        assertThat(ManifestRules.triggers(m)).containsExactly("Trigger alert-service--chat-command-received: a "
                + "chat.command.received Trigger must filter on crowdsurfcommand, or it would receive every other "
                + "service's commands");
    }

    @Test
    void aTriggerFileMissingFromTheKustomizationIsCaught(@TempDir Path tmp) throws IOException {
        Path base = tmp.resolve("base");
        copyTree(Manifests.k8sDir().resolve("base"), base);
        Files.writeString(base.resolve("triggers/quiz-service--quiz-ticket-awarded.yaml"), """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: quiz-service--quiz-ticket-awarded
                """);
        assertThat(ManifestRules.triggerFiles(base)).containsExactly(
                "triggers/quiz-service--quiz-ticket-awarded.yaml is not listed in base/kustomization.yaml resources");
    }

    // ---- helpers: break a copy of the base render ---------------------------------------------------

    private static Manifests broken(Consumer<List<Map<String, Object>>> edit) {
        List<Map<String, Object>> docs = Yaml.copy(Manifests.of(Manifests.BASE).docs);
        edit.accept(docs);
        return Manifests.of("broken base", docs);
    }

    private static Map<String, Object> doc(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(Yaml.name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the base"));
    }

    private static Map<String, Object> container(Map<String, Object> ksvc) {
        Map<String, Object> spec = map(map(map(ksvc.get("spec")).get("template")).get("spec"));
        return map(Yaml.list(spec.get("containers"), "containers").get(0));
    }

    private static Map<String, Object> templateAnnotations(Map<String, Object> ksvc) {
        return map(map(map(map(ksvc.get("spec")).get("template")).get("metadata")).get("annotations"));
    }

    private static Map<String, Object> filterAttributes(Map<String, Object> trigger) {
        return map(map(map(trigger.get("spec")).get("filter")).get("attributes"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> env(Map<String, Object> cronJob) {
        Map<String, Object> podSpec = map(map(map(map(map(cronJob.get("spec")).get("jobTemplate")).get("spec")).get("template")).get("spec"));
        Map<String, Object> c = map(Yaml.list(podSpec.get("containers"), "containers").get(0));
        return (List<Map<String, Object>>) (List<?>) Yaml.list(c.get("env"), "env");
    }

    private static Map<String, Object> map(Object o) {
        return Yaml.map(o, "node");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
