package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Knative {@code eventing.knative.dev/v1} Trigger manifests, the single source of truth for routing.
 * Other kinds in the same directories (kustomizations, Services, Brokers) are skipped, so the dispatcher can
 * be pointed at {@code k8s/base} as a whole. Anything in a Trigger it cannot honour fails loudly with the
 * file's name rather than routing differently from Knative.
 */
public final class TriggerLoader {

    private static final YAMLMapper YAML = new YAMLMapper();

    private TriggerLoader() {
    }

    /** Every Trigger in the {@code *.yaml}/{@code *.yml} files under {@code roots} (recursively), by name. */
    public static List<Trigger> load(List<Path> roots) {
        List<Trigger> triggers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path root : roots) {
            for (Path file : manifests(root)) {
                for (Trigger t : parseFile(file)) {
                    String earlier = seen.putIfAbsent(t.name(), t.origin());
                    if (earlier != null) {
                        throw new TriggerManifestException("Trigger '" + t.name() + "' is defined twice: " + earlier
                                + " and " + t.origin());
                    }
                    triggers.add(t);
                }
            }
        }
        return triggers;
    }

    private static List<Path> manifests(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw new TriggerManifestException("no such manifest directory: " + root.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new TriggerManifestException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    static List<Trigger> parseFile(Path file) {
        List<Trigger> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (isTrigger(doc)) {
                    out.add(parse(doc, file.toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TriggerManifestException tme) {
                throw tme;
            }
            throw new TriggerManifestException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isTrigger(JsonNode doc) {
        return doc != null && doc.isObject() && "Trigger".equals(doc.path("kind").asText())
                && doc.path("apiVersion").asText().startsWith("eventing.knative.dev/");
    }

    /** One Trigger document; {@code origin} names it in errors. */
    public static Trigger parse(JsonNode doc, String origin) {
        String name = doc.path("metadata").path("name").asText("");
        String where = origin + (name.isEmpty() ? "" : " (Trigger " + name + ")");
        if (name.isEmpty()) {
            throw new TriggerManifestException(where + ": metadata.name is missing");
        }
        JsonNode spec = doc.path("spec");
        return new Trigger(name, filter(spec, where), subscriber(spec.path("subscriber"), where),
                delivery(spec.path("delivery"), where), origin);
    }

    private static Filter filter(JsonNode spec, String where) {
        // Knative: when the new `filters` list is present, the legacy `filter` is ignored.
        JsonNode filters = spec.path("filters");
        if (filters.isArray() && !filters.isEmpty()) {
            return allOf(filters, where + ": spec.filters");
        }
        JsonNode attributes = spec.path("filter").path("attributes");
        if (attributes.isMissingNode() || attributes.isNull()) {
            return Filter.everything();
        }
        return new Filter.All(exacts(attributes, where + ": spec.filter.attributes", Filter.Exact::new));
    }

    private static Filter.All allOf(JsonNode list, String where) {
        if (!list.isArray()) {
            throw new TriggerManifestException(where + " must be a list");
        }
        List<Filter> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            parts.add(dialect(list.get(i), where + "[" + i + "]"));
        }
        return new Filter.All(parts);
    }

    private static Filter dialect(JsonNode node, String where) {
        if (!node.isObject() || node.size() != 1) {
            throw new TriggerManifestException(where + ": each filter has exactly one dialect key "
                    + "(exact, prefix, suffix, all, any, not)");
        }
        String dialect = node.fieldNames().next();
        JsonNode body = node.get(dialect);
        String at = where + "." + dialect;
        return switch (dialect) {
            case "exact" -> new Filter.All(exacts(body, at, Filter.Exact::new));
            case "prefix" -> new Filter.All(exacts(body, at, Filter.Prefix::new));
            case "suffix" -> new Filter.All(exacts(body, at, Filter.Suffix::new));
            case "all" -> allOf(body, at);
            case "any" -> new Filter.Any(allOf(body, at).filters());
            case "not" -> new Filter.Not(dialect(body, at));
            default -> throw new TriggerManifestException(where + ": filter dialect '" + dialect
                    + "' is not supported by the local dispatcher (supported: exact, prefix, suffix, all, any, not)");
        };
    }

    private interface AttributeFilter {
        Filter of(String attribute, String value);
    }

    private static List<Filter> exacts(JsonNode map, String where, AttributeFilter factory) {
        if (!map.isObject()) {
            throw new TriggerManifestException(where + " must map attribute names to values");
        }
        List<Filter> out = new ArrayList<>();
        map.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
                throw new TriggerManifestException(where + "." + e.getKey() + " must be a plain value");
            }
            // CloudEvent attribute names are lower-case by spec; Knative compares them as written.
            out.add(factory.of(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        });
        return out;
    }

    private static Subscriber subscriber(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            throw new TriggerManifestException(where + ": spec.subscriber is missing");
        }
        JsonNode ref = node.path("ref");
        String service = null;
        if (!ref.isMissingNode() && !ref.isNull()) {
            String kind = ref.path("kind").asText("");
            if (!"Service".equals(kind)) {
                throw new TriggerManifestException(where + ": spec.subscriber.ref.kind '" + kind
                        + "' is not supported locally (only Service)");
            }
            service = ref.path("name").asText("");
            if (service.isEmpty()) {
                throw new TriggerManifestException(where + ": spec.subscriber.ref.name is missing");
            }
        }
        String uri = node.hasNonNull("uri") ? node.get("uri").asText() : null;
        if (service == null && uri == null) {
            throw new TriggerManifestException(where + ": spec.subscriber needs a ref or a uri");
        }
        return new Subscriber(service, uri);
    }

    private static DeliverySpec delivery(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return DeliverySpec.NONE;
        }
        int retry = node.path("retry").asInt(0);
        String policy = node.path("backoffPolicy").asText("exponential");
        BackoffPolicy backoffPolicy = switch (policy) {
            case "linear" -> BackoffPolicy.LINEAR;
            case "exponential" -> BackoffPolicy.EXPONENTIAL;
            default -> throw new TriggerManifestException(where + ": spec.delivery.backoffPolicy '" + policy
                    + "' must be linear or exponential");
        };
        Duration delay = duration(node, "backoffDelay", Duration.ZERO, where);
        Duration timeout = duration(node, "timeout", DeliverySpec.NONE.timeout(), where);
        boolean deadLetter = node.hasNonNull("deadLetterSink");
        return new DeliverySpec(retry, backoffPolicy, delay, timeout, deadLetter);
    }

    private static Duration duration(JsonNode delivery, String field, Duration fallback, String where) {
        if (!delivery.hasNonNull(field)) {
            return fallback;
        }
        String text = delivery.get(field).asText();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new TriggerManifestException(where + ": spec.delivery." + field + " '" + text
                    + "' is not an ISO-8601 duration such as PT0.2S", e);
        }
    }
}
