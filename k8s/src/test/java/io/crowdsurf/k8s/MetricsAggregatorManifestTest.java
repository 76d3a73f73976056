package io.crowdsurf.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * metrics-service's aggregator runs in exactly one place: its own always-on Deployment (a Kafka consumer must
 * hold its partitions), never in the scale-to-zero Knative Service of the same image.
 */
class MetricsAggregatorManifestTest {

    static final List<String> TARGETS = Manifests.ALL;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void theAggregatorIsADeploymentAndOffInTheKnativeService(String target) {
        Manifests m = Manifests.of(target);
        Deployment d = m.find(Deployment.class, "metrics-aggregator").orElseThrow();
        assertThat(d.getSpec().getReplicas()).isBetween(1, 4); // at most the partitions of crowdsurf.hits
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).contains("metrics-service");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("METRICS_REPORTS_AGGREGATOR_ENABLED", "true"));
        var knative = m.find(io.fabric8.knative.serving.v1.Service.class, "metrics-service").orElseThrow();
        var kc = knative.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(kc.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("METRICS_REPORTS_AGGREGATOR_ENABLED", "false"));
        // Same image tag on both, so the rollup format and the readers never disagree.
        assertThat(container.getImage()).isEqualTo(kc.getImage());
    }
}
