package io.crowdsurf.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A kustomize subset in Java: exactly the features our kustomizations use, so the manifests can be
 * rendered and validated on a machine without kubectl. Anything outside the subset fails loudly
 * ({@link Unsupported}) instead of being ignored, so the fallback can never render something other than
 * what {@code kubectl kustomize} would; when kubectl is present, {@code RenderingTest} compares the two.
 *
 * <p>Supported: {@code resources} (files and directories), {@code namespace}, {@code labels} (metadata
 * only), {@code images}, {@code secretGenerator} (envs, literals) with {@code disableNameSuffixHash},
 * {@code patches} (strategic merge on built-in kinds, JSON 6902 with a target), {@code sortOptions: fifo}.
 * Transformers run in kustomize's order: patches, namespace, labels, images.
 */
final class Kustomize {

    /** A kustomization feature the fallback renderer does not implement. */
    static final class Unsupported extends RuntimeException {
        Unsupported(Path dir, String what) {
            super(dir + ": " + what + " is not supported by the fallback renderer (k8s/src/test/.../Kustomize.java);"
                    + " implement it there or render with kubectl");
        }
    }

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches", "secretGenerator", "generatorOptions", "sortOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    /** Built-in groups whose strategic-merge keys we know; CRDs get JSON 6902 patches only. */
    private static final Set<String> SMP_API_VERSIONS = Set.of("v1", "apps/v1", "batch/v1");
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir} as {@code kubectl kustomize dir} would. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = kustomization(dir);
        Object sort = k.get("sortOptions");
        // kustomize's default ("legacy") reorders by kind; we only implement file order.
        if (!(sort instanceof Map<?, ?> s && "fifo".equals(s.get("order")))) {
            throw new Unsupported(dir, "an order other than `sortOptions: {order: fifo}`");
        }
        return build(dir, k);
    }

    static Map<String, Object> kustomization(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                Map<String, Object> k = Yaml.map(Yaml.readOne(file), file.toString());
                for (String field : k.keySet()) {
                    if (!FIELDS.contains(field)) {
                        throw new Unsupported(dir, "field `" + field + "`");
                    }
                }
                return k;
            }
        }
        throw new IllegalArgumentException("no kustomization in " + dir);
    }

    private static List<Map<String, Object>> build(Path dir, Map<String, Object> k) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object entry : Yaml.list(k.get("resources"), "resources")) {
            Path p = dir.resolve(entry.toString()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p, kustomization(p)));
            } else if (Files.isRegularFile(p)) {
                Yaml.readAll(p).forEach(doc -> out.add(Yaml.copy(doc)));
            } else {
                throw new IllegalArgumentException(dir + ": resource " + entry + " does not exist");
            }
        }
        out.addAll(secrets(dir, k));
        for (Object patch : Yaml.list(k.get("patches"), "patches")) {
            patch(dir, Yaml.map(patch, "patch"), out);
        }
        if (k.get("namespace") != null) {
            String ns = k.get("namespace").toString();
            for (Map<String, Object> doc : out) {
                Map<String, Object> meta = metadata(doc);
                if ("Namespace".equals(doc.get("kind"))) {
                    meta.put("name", ns);
                } else if (!CLUSTER_SCOPED.contains(String.valueOf(doc.get("kind")))) {
                    meta.put("namespace", ns);
                }
            }
        }
        for (Object entry : Yaml.list(k.get("labels"), "labels")) {
            Map<String, Object> l = Yaml.map(entry, "labels entry");
            for (String key : l.keySet()) {
                if (!key.equals("pairs") && !(key.equals("includeSelectors") && Boolean.FALSE.equals(l.get(key)))) {
                    throw new Unsupported(dir, "labels `" + key + ": " + l.get(key) + "`");
                }
            }
            Map<String, Object> pairs = Yaml.map(l.get("pairs"), "labels.pairs");
            for (Map<String, Object> doc : out) {
                Map<String, Object> meta = metadata(doc);
                @SuppressWarnings("unchecked")
                Map<String, Object> labels = (Map<String, Object>) meta.computeIfAbsent("labels", x -> new LinkedHashMap<>());
                labels.putAll(pairs);
            }
        }
        for (Object entry : Yaml.list(k.get("images"), "images")) {
            Map<String, Object> img = Yaml.map(entry, "images entry");
            for (String key : img.keySet()) {
                if (!Set.of("name", "newName", "newTag").contains(key)) {
                    throw new Unsupported(dir, "images `" + key + "`");
                }
            }
            out.forEach(doc -> images(doc, img));
        }
        return out;
    }

    private static List<Map<String, Object>> secrets(Path dir, Map<String, Object> k) {
        List<Object> generators = Yaml.list(k.get("secretGenerator"), "secretGenerator");
        if (generators.isEmpty()) {
            return List.of();
        }
        Object options = k.get("generatorOptions");
        if (!(options instanceof Map<?, ?> o && Boolean.TRUE.equals(o.get("disableNameSuffixHash")) && o.size() == 1)) {
            // The hash suffix also rewrites every reference to the Secret: not worth reimplementing.
            throw new Unsupported(dir, "a secretGenerator without `generatorOptions: {disableNameSuffixHash: true}`");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object g : generators) {
            Map<String, Object> gen = Yaml.map(g, "secretGenerator entry");
            for (String key : gen.keySet()) {
                if (!Set.of("name", "envs", "literals").contains(key)) {
                    throw new Unsupported(dir, "secretGenerator `" + key + "`");
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object env : Yaml.list(gen.get("envs"), "envs")) {
                try {
                    for (String line : Files.readAllLines(dir.resolve(env.toString()), StandardCharsets.UTF_8)) {
                        addLiteral(data, line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            for (Object literal : Yaml.list(gen.get("literals"), "literals")) {
                addLiteral(data, literal.toString());
            }
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", new LinkedHashMap<>(Map.of("name", gen.get("name"))));
            secret.put("type", "Opaque");
            secret.put("data", data);
            out.add(secret);
        }
        return out;
    }

    /** An env-file line as kustomize reads it: comments and blank lines skipped, KEY=VALUE, value base64. */
    private static void addLiteral(Map<String, Object> data, String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        int eq = trimmed.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("not KEY=VALUE: " + line);
        }
        data.put(trimmed.substring(0, eq), Base64.getEncoder()
                .encodeToString(trimmed.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
    }

    private static void patch(Path dir, Map<String, Object> spec, List<Map<String, Object>> docs) {
        for (String key : spec.keySet()) {
            if (!Set.of("path", "target").contains(key)) {
                throw new Unsupported(dir, "patches `" + key + "`");
            }
        }
        Path file = dir.resolve(Objects.requireNonNull(spec.get("path"), "patch path").toString());
        Object patch = Yaml.readOne(file);
        Map<String, Object> target = spec.get("target") == null ? null : Yaml.map(spec.get("target"), "target");
        if (patch instanceof List<?> ops) {
            if (target == null) {
                throw new IllegalArgumentException(file + ": a JSON 6902 patch needs a target");
            }
            int applied = 0;
            for (Map<String, Object> doc : docs) {
                if (matches(dir, doc, target)) {
                    JsonPatch.apply(doc, Yaml.list(ops, "ops"), file.toString());
                    applied++;
                }
            }
            requireApplied(file, applied);
            return;
        }
        Map<String, Object> smp = Yaml.map(patch, file.toString());
        if (!SMP_API_VERSIONS.contains(String.valueOf(smp.get("apiVersion")))) {
            throw new Unsupported(dir, "a strategic merge patch on " + smp.get("apiVersion")
                    + " (no merge keys for CRDs; use a JSON 6902 patch)");
        }
        if (target == null) {
            target = Map.of("kind", smp.get("kind"), "name", Yaml.name(smp));
        }
        int applied = 0;
        for (Map<String, Object> doc : docs) {
            if (matches(dir, doc, target)) {
                merge(doc, Yaml.copy(smp), file.toString());
                applied++;
            }
        }
        requireApplied(file, applied);
    }

    /** kustomize fails on a patch that matches nothing; so do we. */
    private static void requireApplied(Path file, int applied) {
        if (applied == 0) {
            throw new IllegalArgumentException(file + ": patch matched no resource");
        }
    }

    private static boolean matches(Path dir, Map<String, Object> doc, Map<String, Object> target) {
        String apiVersion = String.valueOf(doc.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (Map.Entry<String, Object> t : target.entrySet()) {
            String want = String.valueOf(t.getValue());
            boolean ok = switch (t.getKey()) {
                case "group" -> group.equals(want);
                case "version" -> version.equals(want);
                case "kind" -> want.equals(doc.get("kind"));
                case "name" -> want.equals(Yaml.name(doc));
                default -> throw new Unsupported(dir, "patch target `" + t.getKey() + "`");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strategic merge as kustomize does it for built-in kinds: maps merge, null deletes, lists with a
     * known merge key merge by it (patch items first, then the untouched originals, which is the order
     * kustomize emits), other lists are replaced.
     */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> patch, String where) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object pv = e.getValue();
            Object ov = into.get(key);
            if (key.startsWith("$")) {
                throw new IllegalArgumentException(where + ": directive " + key + " not supported");
            }
            if (pv == null) {
                into.remove(key);
            } else if (pv instanceof Map<?, ?> pm && ov instanceof Map<?, ?> om) {
                merge((Map<String, Object>) om, (Map<String, Object>) pm, where);
            } else if (pv instanceof List<?> pl && ov instanceof List<?> ol && MERGE_KEYS.containsKey(key)) {
                into.put(key, mergeList((List<Object>) ol, (List<Object>) pl, MERGE_KEYS.get(key), where));
            } else {
                into.put(key, pv);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(List<Object> original, List<Object> patch, String mergeKey, String where) {
        List<Object> out = new ArrayList<>();
        List<Object> rest = new ArrayList<>(original);
        for (Object p : patch) {
            Map<String, Object> pm = Yaml.map(p, where + " list item");
            Object key = pm.get(mergeKey);
            Map<String, Object> match = null;
            for (Object o : rest) {
                if (o instanceof Map<?, ?> om && Objects.equals(om.get(mergeKey), key)) {
                    match = (Map<String, Object>) om;
                    break;
                }
            }
            if (match != null) {
                rest.remove(match);
                merge(match, pm, where);
                out.add(match);
            } else {
                out.add(pm);
            }
        }
        out.addAll(rest);
        return out;
    }

    /** The image transformer: every {@code containers[].image} / {@code initContainers[].image}, at any depth. */
    private static void images(Object node, Map<String, Object> img) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue() instanceof List<?> cs) {
                    for (Object c : cs) {
                        if (c instanceof Map<?, ?> container && container.get("image") instanceof String image) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> m = (Map<String, Object>) container;
                            m.put("image", retag(image, img));
                        }
                    }
                }
                images(e.getValue(), img);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(v -> images(v, img));
        }
    }

    private static String retag(String image, Map<String, Object> img) {
        if (image.contains("@")) {
            return image; // digests are never rewritten by our kustomizations
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String name = colon > slash ? image.substring(0, colon) : image;
        String tag = colon > slash ? image.substring(colon + 1) : null;
        if (!name.equals(img.get("name"))) {
            return image;
        }
        String newName = img.get("newName") != null ? img.get("newName").toString() : name;
        String newTag = img.get("newTag") != null ? img.get("newTag").toString() : tag;
        return newTag == null ? newName : newName + ":" + newTag;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> doc) {
        return (Map<String, Object>) doc.computeIfAbsent("metadata", x -> new LinkedHashMap<>());
    }
}
