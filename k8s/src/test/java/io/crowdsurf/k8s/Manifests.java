package io.crowdsurf.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * One rendered kustomization (base or an overlay), as plain documents and as fabric8 typed objects.
 * Rendered with {@code kubectl kustomize} when the pinned kubectl is available, else with the fallback
 * {@link Kustomize}; {@code RenderingTest} proves the two agree whenever both can run.
 */
final class Manifests {

    static final String BASE = "base";
    static final List<String> ALL = List.of(BASE, "overlays/kind", "overlays/minikube");

    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String target;
    final String renderer;
    final List<Map<String, Object>> docs;
    final List<HasMetadata> typed;

    private Manifests(String target, String renderer, List<Map<String, Object>> docs) {
        this.target = target;
        this.renderer = renderer;
        this.docs = docs;
        this.typed = typed(docs);
    }

    static Manifests of(String target) {
        return CACHE.computeIfAbsent(target, t -> {
            Path dir = k8sDir().resolve(t);
            Optional<Path> kubectl = Kubectl.find();
            return kubectl.isPresent()
                    ? new Manifests(t, "kubectl", Kubectl.kustomize(kubectl.get(), dir))
                    : new Manifests(t, "fallback", Kustomize.render(dir));
        });
    }

    /** Documents that are not from our files (e.g. a test's mutated copy). */
    static Manifests of(String target, List<Map<String, Object>> docs) {
        return new Manifests(target, "given", docs);
    }

    /**
     * Every document as its fabric8 model class. A kind without one (a misspelt apiVersion or kind, or a
     * resource fabric8 does not know) would come back as GenericKubernetesResource, where no field is
     * checked: that is refused.
     */
    static List<HasMetadata> typed(List<Map<String, Object>> docs) {
        List<HasMetadata> out = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            KubernetesResource r = SERIALIZATION.convertValue(doc, KubernetesResource.class);
            if (r instanceof GenericKubernetesResource || !(r instanceof HasMetadata)) {
                throw new IllegalArgumentException("no typed model for " + Yaml.id(doc)
                        + " (misspelt apiVersion or kind?)");
            }
            out.add((HasMetadata) r);
        }
        return out;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    /** The k8s module directory: -Dk8s.dir from the pom, else the working directory Surefire uses. */
    static Path k8sDir() {
        String configured = System.getProperty("k8s.dir");
        Path dir = (configured != null ? Path.of(configured) : Path.of("")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("base"))) {
            throw new IllegalStateException("not the k8s module directory: " + dir);
        }
        return dir;
    }

    static Path repoRoot() {
        return k8sDir().getParent();
    }

    @Override
    public String toString() {
        return target + " (" + renderer + ")";
    }
}
