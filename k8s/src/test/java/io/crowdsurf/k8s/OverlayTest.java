package io.crowdsurf.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the overlays change. kustomize silently ignores an `images:` entry whose name matches nothing, so a
 * typo there would ship the production image name to a laptop: every service image is checked.
 */
class OverlayTest {

    @Test
    void kindPullsFromTheLocalRegistry() {
        Manifests kind = Manifests.of("overlays/kind");
        for (var k : kind.all(io.fabric8.knative.serving.v1.Service.class)) {
            Container c = k.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getImage()).isEqualTo("localhost:5001/crowdsurf/" + ManifestRules.catalogId(k) + ":0.1.0");
            assertLaptopSized(k, c);
        }
        assertSmallStatefulSets(kind);
    }

    @Test
    void minikubeUsesLoadedImagesThatAreNeverPulled() {
        Manifests minikube = Manifests.of("overlays/minikube");
        for (var k : minikube.all(io.fabric8.knative.serving.v1.Service.class)) {
            Container c = k.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getImage()).isEqualTo("dev.local/crowdsurf/" + ManifestRules.catalogId(k) + ":0.1.0");
            assertThat(c.getImagePullPolicy()).isEqualTo("Never");
            assertLaptopSized(k, c);
        }
        assertSmallStatefulSets(minikube);
    }

    private static void assertLaptopSized(io.fabric8.knative.serving.v1.Service k, Container c) {
        assertThat(k.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("autoscaling.knative.dev/max-scale", "3");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
    }

    private static void assertSmallStatefulSets(Manifests m) {
        for (StatefulSet s : m.all(StatefulSet.class)) {
            assertThat(s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString())
                    .as(ManifestRules.name(s)).isEqualTo("2Gi");
        }
        Container kafka = m.find(StatefulSet.class, "kafka").orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(kafka.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KAFKA_HEAP_OPTS");
            assertThat(e.getValue()).isEqualTo("-Xms256m -Xmx256m");
        });
        // The patch merges by name: the other variables are still there.
        assertThat(kafka.getEnv()).extracting(e -> e.getName()).contains("KAFKA_ADVERTISED_LISTENERS", "CLUSTER_ID");
    }
}
