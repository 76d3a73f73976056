package io.crowdsurf.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** RFC 6902 add / replace / remove / test on plain maps and lists: what our overlays' patches use. */
final class JsonPatch {

    private JsonPatch() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> doc, List<Object> ops, String where) {
        for (Object o : ops) {
            Map<String, Object> op = Yaml.map(o, where + " op");
            String kind = String.valueOf(op.get("op"));
            List<String> path = pointer(String.valueOf(op.get("path")), where);
            Object parent = doc;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token, where + " " + op.get("path"));
            }
            String last = path.get(path.size() - 1);
            Object value = Yaml.copy(op.get("value"));
            switch (kind) {
                case "add" -> {
                    if (parent instanceof Map<?, ?> m) {
                        ((Map<String, Object>) m).put(last, value);
                    } else {
                        List<Object> list = (List<Object>) parent;
                        list.add(last.equals("-") ? list.size() : index(last, list.size() + 1, where), value);
                    }
                }
                case "replace" -> {
                    if (parent instanceof Map<?, ?> m) {
                        if (!m.containsKey(last)) {
                            throw new IllegalArgumentException(where + ": replace of missing " + op.get("path"));
                        }
                        ((Map<String, Object>) m).put(last, value);
                    } else {
                        List<Object> list = (List<Object>) parent;
                        list.set(index(last, list.size(), where), value);
                    }
                }
                case "remove" -> {
                    if (parent instanceof Map<?, ?> m) {
                        if (m.remove(last) == null) {
                            throw new IllegalArgumentException(where + ": remove of missing " + op.get("path"));
                        }
                    } else {
                        List<Object> list = (List<Object>) parent;
                        list.remove(index(last, list.size(), where));
                    }
                }
                case "test" -> {
                    Object actual = child(parent, last, where);
                    if (!Objects.equals(actual, value)) {
                        throw new IllegalArgumentException(where + ": test failed at " + op.get("path"));
                    }
                }
                default -> throw new IllegalArgumentException(where + ": op " + kind + " not supported");
            }
        }
    }

    private static Object child(Object node, String token, String where) {
        Object next;
        if (node instanceof Map<?, ?> m) {
            next = m.get(token);
        } else if (node instanceof List<?> l) {
            next = l.get(index(token, l.size(), where));
        } else {
            next = null;
        }
        if (next == null) {
            throw new IllegalArgumentException(where + ": no such path element " + token);
        }
        return next;
    }

    private static int index(String token, int bound, String where) {
        int i = Integer.parseInt(token);
        if (i < 0 || i >= bound) {
            throw new IllegalArgumentException(where + ": index " + i + " out of range");
        }
        return i;
    }

    static List<String> pointer(String path, String where) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(where + ": not a JSON pointer: " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
