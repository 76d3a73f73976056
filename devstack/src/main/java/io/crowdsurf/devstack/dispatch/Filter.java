package io.crowdsurf.devstack.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Trigger's filter over CloudEvent attributes (context attributes and extensions, by lower-case name).
 * Covers the legacy {@code filter.attributes} form (an {@link All} of {@link Exact}) and the
 * dialects of the newer {@code filters} list that matter here: exact, prefix, suffix, all, any, not.
 */
public sealed interface Filter {

    boolean matches(Map<String, String> attributes);

    /** The attribute names this filter reads (so a caller can tell whether a cheaper view of them will do). */
    static Set<String> attributesOf(Filter filter) {
        Set<String> out = new TreeSet<>();
        collect(filter, out);
        return out;
    }

    private static void collect(Filter filter, Set<String> out) {
        switch (filter) {
            case Exact e -> out.add(e.attribute());
            case Prefix p -> out.add(p.attribute());
            case Suffix s -> out.add(s.attribute());
            case All a -> a.filters().forEach(f -> collect(f, out));
            case Any a -> a.filters().forEach(f -> collect(f, out));
            case Not n -> collect(n.filter(), out);
        }
    }

    /** Every event passes; a Trigger without a filter receives everything, as on Knative. */
    static Filter everything() {
        return new All(List.of());
    }

    record Exact(String attribute, String value) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            return value.equals(attributes.get(attribute));
        }

        @Override
        public String toString() {
            return attribute + "=" + value;
        }
    }

    record Prefix(String attribute, String prefix) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return actual != null && actual.startsWith(prefix);
        }

        @Override
        public String toString() {
            return attribute + " starts with " + prefix;
        }
    }

    record Suffix(String attribute, String suffix) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return actual != null && actual.endsWith(suffix);
        }

        @Override
        public String toString() {
            return attribute + " ends with " + suffix;
        }
    }

    record All(List<Filter> filters) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            return filters.stream().allMatch(f -> f.matches(attributes));
        }

        @Override
        public String toString() {
            return filters.isEmpty() ? "everything" : join(filters, " and ");
        }
    }

    record Any(List<Filter> filters) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            return filters.stream().anyMatch(f -> f.matches(attributes));
        }

        @Override
        public String toString() {
            return filters.isEmpty() ? "nothing" : join(filters, " or ");
        }
    }

    record Not(Filter filter) implements Filter {
        @Override
        public boolean matches(Map<String, String> attributes) {
            return !filter.matches(attributes);
        }

        @Override
        public String toString() {
            return "not (" + filter + ")";
        }
    }

    private static String join(List<Filter> filters, String operator) {
        if (filters.size() == 1) {
            return filters.get(0).toString();
        }
        return "(" + String.join(operator, filters.stream().map(Filter::toString).toList()) + ")";
    }
}
