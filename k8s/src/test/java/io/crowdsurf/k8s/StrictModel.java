package io.crowdsurf.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * fabric8 models keep any field they do not know in {@code additionalProperties} instead of failing. A
 * non-empty one anywhere in the tree is a field Kubernetes or Knative would reject or, worse, silently
 * drop: {@code imagee}, {@code spec.templat}, {@code bootstrapServer}. This walker finds them all.
 */
final class StrictModel {

    private StrictModel() {
    }

    /** One line per unknown field: {@code Kind/name: path.to.field}. */
    static List<String> unknownFields(HasMetadata resource) {
        List<String> found = new ArrayList<>();
        String where = resource.getKind() + "/" + resource.getMetadata().getName();
        walk(resource, "", where, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object node, String path, String where, List<String> found, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", where, found, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", where, found, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return; // strings, numbers, enums
        }
        for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(node);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) {
                        found.add(where + ": unknown field " + (path.isEmpty() ? "" : path + ".") + key);
                    }
                } else {
                    walk(value, path.isEmpty() ? f.getName() : path + "." + f.getName(), where, found, seen);
                }
            }
        }
    }
}
