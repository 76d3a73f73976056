package io.crowdsurf.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Multi-document YAML as plain maps and lists: the form the renderers work on and compare. */
final class Yaml {

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private static final TypeReference<Map<String, Object>> DOC = new TypeReference<>() {
    };

    private Yaml() {
    }

    static List<Map<String, Object>> readAll(Path file) {
        try {
            return readAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Map<String, Object>> readAll(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = MAPPER.readerFor(DOC).readValues(text)) {
            while (it.hasNextValue()) {
                Map<String, Object> doc = it.nextValue();
                // A trailing `---` or a comment-only document yields nothing worth keeping.
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("invalid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** One document, for files that must hold exactly one (kustomization.yaml, a strategic merge patch). */
    static Object readOne(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String write(List<Map<String, Object>> docs) {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> doc : docs) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            try {
                out.append(MAPPER.writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /** A deep, mutable copy, so a transformation never leaks into the input it was given. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a mapping, got " + value);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a list, got " + value);
    }

    /** metadata.name, or "" when absent. */
    static String name(Map<String, Object> doc) {
        Object meta = doc.get("metadata");
        return meta instanceof Map<?, ?> m && m.get("name") != null ? m.get("name").toString() : "";
    }

    static String id(Map<String, Object> doc) {
        return doc.get("apiVersion") + "/" + doc.get("kind") + "/" + name(doc);
    }
}
