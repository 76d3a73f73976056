package io.crowdsurf.metrics.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes report results (an object of metrics, a list of rows, or {@link Keyed} results) as Matomo does in
 * JSON, XML, CSV and TSV. CSV and TSV are UTF-8 (Matomo's default is UTF-16LE for spreadsheets).
 */
final class ReportFormats {

    private ReportFormats() {
    }

    /** Plain maps and lists for Jackson. */
    static Object json(Object value) {
        if (value instanceof Keyed k) {
            Map<String, Object> m = new LinkedHashMap<>();
            k.entries().forEach((key, v) -> m.put(key, json(v)));
            return m;
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return List.of(); // Matomo's empty table
        }
        return value;
    }

    static String xml(Object value) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n");
        if (value instanceof Keyed k) {
            b.append("<results>\n");
            keyed(b, k, 1);
            b.append("</results>");
        } else {
            element(b, "result", null, null, value, 0);
        }
        return b.toString();
    }

    private static void keyed(StringBuilder b, Keyed k, int depth) {
        for (Map.Entry<String, Object> e : k.entries().entrySet()) {
            if (e.getValue() instanceof Keyed inner) {
                indent(b, depth).append("<result ").append(k.attribute()).append("=\"").append(escape(e.getKey()))
                        .append("\">\n");
                keyed(b, inner, depth + 1);
                indent(b, depth).append("</result>\n");
            } else {
                element(b, "result", k.attribute(), e.getKey(), e.getValue(), depth);
            }
        }
    }

    private static void element(StringBuilder b, String name, String attr, String attrValue, Object value, int depth) {
        indent(b, depth).append('<').append(name);
        if (attr != null) {
            b.append(' ').append(attr).append("=\"").append(escape(attrValue)).append('"');
        }
        boolean empty = value == null || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof List<?> l && l.isEmpty();
        if (empty) {
            b.append(" />\n");
            return;
        }
        b.append(">\n");
        if (value instanceof List<?> rows) {
            for (Object row : rows) {
                element(b, "row", null, null, row, depth + 1);
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                indent(b, depth + 1).append('<').append(e.getKey()).append('>').append(escape(String.valueOf(e.getValue())))
                        .append("</").append(e.getKey()).append(">\n");
            }
        }
        indent(b, depth).append("</").append(name).append(">\n");
    }

    static String csv(Object value, char sep) {
        List<Map<String, Object>> rows = new ArrayList<>();
        flatten(value, new LinkedHashMap<>(), rows);
        if (rows.isEmpty()) {
            return "No data available\n";
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        StringBuilder b = new StringBuilder();
        b.append(String.join(String.valueOf(sep), columns.stream().map(c -> cell(c, sep)).toList())).append('\n');
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String c : columns) {
                Object v = r.get(c);
                cells.add(v == null ? "" : cell(String.valueOf(v), sep));
            }
            b.append(String.join(String.valueOf(sep), cells)).append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Object value, Map<String, Object> prefix, List<Map<String, Object>> out) {
        if (value instanceof Keyed k) {
            for (Map.Entry<String, Object> e : k.entries().entrySet()) {
                Map<String, Object> p = new LinkedHashMap<>(prefix);
                p.put(k.attribute(), e.getKey());
                flatten(e.getValue(), p, out);
            }
        } else if (value instanceof List<?> rows) {
            for (Object row : rows) {
                flatten(row, prefix, out);
            }
        } else if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            Map<String, Object> row = new LinkedHashMap<>(prefix);
            row.putAll((Map<String, Object>) m);
            out.add(row);
        }
    }

    private static String cell(String s, char sep) {
        if (sep == '\t') {
            return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static StringBuilder indent(StringBuilder b, int depth) {
        for (int i = 0; i < depth; i++) {
            b.append('\t');
        }
        return b;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
