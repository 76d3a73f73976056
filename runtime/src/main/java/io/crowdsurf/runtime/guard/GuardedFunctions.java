package io.crowdsurf.runtime.guard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;

/**
 * Which CloudEvent types the service's functions take, and where: read from the catalog (types the consumer
 * service consumes) and from the Funqy mapping keys {@code quarkus.funqy.knative-events.mapping.<function>.*}.
 * Every mapped function is also served at {@code POST /<function>}.
 *
 * @param accepted       the types any guarded path accepts
 * @param functionByType ce-type → function, for the accepted types with a trigger mapping
 * @param functions      the functions with a mapping
 */
record GuardedFunctions(Set<String> accepted, Map<String, String> functionByType, Set<String> functions) {

    static final String MAPPING = "quarkus.funqy.knative-events.mapping.";

    /** @param mappings {@code <function>.<key>} → value, the mapping keys without their prefix */
    static GuardedFunctions of(List<String> types, Optional<String> consumer, Map<String, String> mappings) {
        Map<String, String> byType = new TreeMap<>();
        Set<String> fns = new TreeSet<>();
        mappings.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String fn = dot < 0 ? key : key.substring(0, dot);
            if (!fn.isBlank()) {
                fns.add(fn);
            }
            if (dot > 0 && key.substring(dot + 1).equals("trigger") && value != null && !value.isBlank()) {
                byType.put(value.strip(), fn);
            }
        });
        Set<String> accepted = acceptedTypes(types, consumer, byType.keySet());
        byType.keySet().retainAll(accepted);
        return new GuardedFunctions(accepted, Map.copyOf(byType), Set.copyOf(fns));
    }

    /** The Funqy mapping keys of a service's configuration, without their prefix. */
    static Map<String, String> mappings(Config config) {
        Map<String, String> mappings = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(MAPPING)) {
                mappings.put(name.substring(MAPPING.length()), config.getOptionalValue(name, String.class).orElse(null));
            }
        }
        return mappings;
    }

    /** The explicit types, plus the consumer's catalog types (only the triggered ones when there are triggers). */
    static Set<String> acceptedTypes(List<String> types, Optional<String> consumer, Set<String> triggered) {
        Set<String> accepted = new LinkedHashSet<>();
        types.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(accepted::add);
        consumer.map(Service::of).ifPresent(service -> {
            for (EventType t : EventType.values()) {
                if (t.consumers().contains(service) && (triggered.isEmpty() || triggered.contains(t.type()))) {
                    accepted.add(t.type());
                }
            }
        });
        return Set.copyOf(accepted);
    }

    /** No accepted type: the guard is off. */
    boolean none() {
        return accepted.isEmpty();
    }

    /** The guarded paths: {@code /} and {@code /<function>}. */
    Set<String> paths() {
        Set<String> paths = new TreeSet<>();
        paths.add("/");
        functions.forEach(f -> paths.add("/" + f));
        return paths;
    }
}
