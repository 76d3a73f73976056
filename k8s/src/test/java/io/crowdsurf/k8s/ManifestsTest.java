package io.crowdsurf.k8s;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule, on the base and on each overlay, as rendered for `kubectl apply -k`. */
class ManifestsTest {

    static final List<String> TARGETS = Manifests.ALL;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyDocumentHasATypedModelAndNoUnknownField(String target) {
        Manifests m = Manifests.of(target);
        assertThat(m.typed).hasSameSizeAs(m.docs);
        assertThat(ManifestRules.unknownFields(m)).as(m.toString()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void namesAreUniqueAndEverythingIsInTheCrowdsurfNamespace(String target) {
        Manifests m = Manifests.of(target);
        assertThat(ManifestRules.uniqueNames(m)).isEmpty();
        assertThat(m.all(Namespace.class)).extracting(ManifestRules::name).containsExactly("crowdsurf");
        assertThat(m.typed).filteredOn(r -> !(r instanceof Namespace))
                .extracting(HasMetadata::getMetadata).allSatisfy(meta -> assertThat(meta.getNamespace()).isEqualTo("crowdsurf"));
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void everyContainerHasResourcesProbesAndAPinnedImage(String target) {
        Manifests m = Manifests.of(target);
        assertThat(ManifestRules.pods(m)).hasSizeGreaterThanOrEqualTo(9);
        assertThat(ManifestRules.containers(m)).as(m.toString()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void knativeServicesKeepTheAutoscalingAndProbeRules(String target) {
        Manifests m = Manifests.of(target);
        assertThat(m.all(io.fabric8.knative.serving.v1.Service.class)).extracting(ManifestRules::name)
                .containsExactlyInAnyOrder("bot-gateway", "bot-gateway-replies", "quiz-service", "alert-service",
                        "metrics-service");
        assertThat(ManifestRules.knativeServices(m)).as(m.toString()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void theBrokerIsAKafkaBrokerOverTheEventsTopicWithADeadLetterSink(String target) {
        assertThat(ManifestRules.broker(Manifests.of(target))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void triggersMatchTheEventCatalogBothWays(String target) {
        Manifests m = Manifests.of(target);
        assertThat(ManifestRules.triggers(m)).as(m.toString()).isEmpty();
        assertThat(ManifestRules.catalogCoverage(m)).as(m.toString()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void schedulesEmitCatalogTypesToTheBroker(String target) {
        Manifests m = Manifests.of(target);
        assertThat(ManifestRules.schedules(m)).as(m.toString()).isEmpty();
    }
}
