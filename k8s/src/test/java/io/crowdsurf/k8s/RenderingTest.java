package io.crowdsurf.k8s;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The two renderers. The fallback always runs (so validation never depends on a download); when the pinned
 * kubectl is there, its output must equal the fallback's document for document, in order. A missing kubectl
 * shows up as a skipped test with the reason, never as a silent pass; -Dk8s.kubectl.required=true fails instead.
 */
class RenderingTest {

    static final List<String> TARGETS = Manifests.ALL;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void fallbackRendersEveryTarget(String target) {
        List<Map<String, Object>> docs = Kustomize.render(Manifests.k8sDir().resolve(target));
        assertThat(docs).extracting(d -> d.get("kind")).contains("Namespace", "Broker", "Trigger", "Service");
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void kubectlAndFallbackAgree(String target) {
        Optional<Path> kubectl = Kubectl.find();
        if (kubectl.isEmpty()) {
            if (Kubectl.required()) {
                fail("kubectl is required (-Dk8s.kubectl.required=true) but unavailable: " + Kubectl.whyMissing());
            }
            Assumptions.abort("kubectl unavailable, cross-check skipped: " + Kubectl.whyMissing());
        }
        Path dir = Manifests.k8sDir().resolve(target);
        List<Map<String, Object>> expected = normalize(Kubectl.kustomize(kubectl.get(), dir));
        List<Map<String, Object>> actual = normalize(Kustomize.render(dir));
        assertThat(actual).extracting(Yaml::id).containsExactlyElementsOf(expected.stream().map(Yaml::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(Yaml.id(expected.get(i))).isEqualTo(expected.get(i));
        }
    }

    @Test
    void fallbackRefusesFeaturesItDoesNotImplement(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                sortOptions:
                  order: fifo
                commonLabels:
                  a: b
                """);
        assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(Kustomize.Unsupported.class)
                .hasMessageContaining("commonLabels");

        // kustomize's default order sorts by kind; the fallback would emit file order, so it refuses.
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(Kustomize.Unsupported.class)
                .hasMessageContaining("fifo");
    }

    @Test
    void fallbackFailsOnAPatchThatMatchesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: real
                """);
        Files.writeString(dir.resolve("patch.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: misspelt
                data:
                  a: b
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                sortOptions:
                  order: fifo
                resources: [cm.yaml]
                patches:
                  - path: patch.yaml
                """);
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("matched no resource");
    }

    /** kustomize wraps long base64 values; compare Secret data by its decoded bytes. */
    private static List<Map<String, Object>> normalize(List<Map<String, Object>> docs) {
        List<Map<String, Object>> out = Yaml.copy(docs);
        for (Map<String, Object> doc : out) {
            if ("Secret".equals(doc.get("kind")) && doc.get("data") instanceof Map<?, ?> data) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) data;
                d.replaceAll((k, v) -> new String(Base64.getMimeDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
