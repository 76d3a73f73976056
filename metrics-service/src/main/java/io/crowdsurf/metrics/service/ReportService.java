package io.crowdsurf.metrics.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.domain.Combo;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;
import io.crowdsurf.metrics.domain.VisitRules;

/**
 * Reports computed from rollups only: a period is a handful of rollup documents read by id (one per bucket and
 * partition), so the cost depends on the number of distinct values, never on the number of hits.
 * Field names are Matomo's.
 */
@ApplicationScoped
public class ReportService {

    /** A report asked for something the rollups cannot answer; the message says what. */
    public static final class UnsupportedReportException extends IllegalArgumentException {
        public UnsupportedReportException(String message) {
            super(message);
        }
    }

    private final RollupReader reader;
    private volatile int partitions;
    private volatile long partitionsReadAt;

    public ReportService(RollupReader reader) {
        this.reader = reader;
    }

    /** Adds up the rollups of the given bucket keys (e.g. D2026-12-01, M2026-11) of a site, every table. */
    public Rollup load(String site, List<String> buckets) {
        return load(site, buckets, EnumSet.allOf(Table.class));
    }

    /**
     * Adds up the given tables of the rollups of the given bucket keys: a report reads only the tables it shows
     * (a year's VisitsSummary.get the few combos of its visit table, not its page URLs), so what it reads is
     * bounded by those tables' rows — at most {@code max-rows-per-dimension} values × combos — per bucket and
     * partition.
     */
    public Rollup load(String site, List<String> buckets, Set<Table> tables) {
        List<String> fields = new ArrayList<>(tables.size() + 1);
        fields.add("uv");
        for (Table t : tables) {
            fields.add("t." + t.field());
        }
        int n = partitions();
        List<String> ids = new ArrayList<>(buckets.size() * Math.max(1, n));
        for (String b : buckets) {
            for (int p = 0; p < n; p++) {
                ids.add(io.crowdsurf.metrics.domain.Keys.rollupId(site, b, p));
            }
        }
        Rollup r = new Rollup();
        r.buckets = buckets.size();
        for (Map<String, Object> doc : reader.find(ids, fields)) {
            r.add(doc);
        }
        return r;
    }

    private int partitions() {
        long now = System.currentTimeMillis();
        if (partitions == 0 || now - partitionsReadAt > 5000) {
            partitions = reader.partitionCount();
            partitionsReadAt = now;
        }
        return partitions;
    }

    /**
     * VisitsSummary.get's figures, or an empty map when there was no visit (Matomo answers an empty table).
     * Unique visitors are exact for a single day, week, month or year; for a range of several buckets they are
     * not kept (as Matomo, which does not process them for ranges by default) and the field is left out.
     */
    public Map<String, Object> visitsSummary(Rollup r, Segment segment) {
        Table source = summaryTable(segment);
        double v = 0;
        double a = 0;
        double b = 0;
        double l = 0;
        double mx = 0;
        double u = 0;
        boolean full = true;
        for (Map.Entry<String, Map<String, Map<String, Double>>> row : rows(r, source).entrySet()) {
            for (Map.Entry<String, Map<String, Double>> c : row.getValue().entrySet()) {
                if (!segment.matches(source, value(row.getKey()), Combo.ofKey(c.getKey()))) {
                    continue;
                }
                Map<String, Double> m = c.getValue();
                v += m.getOrDefault("v", 0.0);
                if (source.visitLevel()) {
                    a += m.getOrDefault("a", 0.0);
                    b += m.getOrDefault("b", 0.0);
                    l += m.getOrDefault("l", 0.0);
                    mx = Math.max(mx, m.getOrDefault("mx", 0.0));
                    u += m.getOrDefault("u", 0.0);
                } else {
                    a += m.getOrDefault("h", 0.0) + m.getOrDefault("cx", 0.0);
                    full = false;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == 0) {
            return out;
        }
        boolean uniquesKept = r.buckets == 1 && source == Table.VISIT;
        if (uniquesKept) {
            out.put("nb_uniq_visitors", (long) (segment.isEmpty() ? r.uniques : u));
        }
        out.put("nb_users", 0L);
        out.put("nb_visits", (long) v);
        out.put("nb_actions", (long) a);
        out.put("nb_visits_converted", 0L);
        if (full) {
            out.put("bounce_count", (long) b);
            out.put("sum_visit_length", (long) l);
            if (source == Table.VISIT) {
                out.put("max_actions", (long) mx);
            }
            out.put("bounce_rate", percent(b, v));
        }
        out.put("nb_actions_per_visit", round(a / v, 1));
        if (full) {
            out.put("avg_time_on_site", Math.round(l / v));
        }
        return out;
    }

    /** The one table VisitsSummary.get reads for a segment: the visit table, or the segment's row dimension. */
    public static Table summaryTable(Segment segment) {
        Set<Table> tables = segment.rowTables();
        if (tables.size() > 1) {
            throw combined(tables);
        }
        return tables.isEmpty() ? Table.VISIT : tables.iterator().next();
    }

    /** The tables Actions.get reads. */
    public static final Set<Table> ACTIONS_TABLES = EnumSet.of(Table.VISIT, Table.PAGE_URL, Table.DOWNLOAD,
            Table.OUTLINK);

    /** Actions.get's figures (page views, downloads, outlinks, searches and their unique counts). */
    public Map<String, Object> actionsSummary(Rollup r, Segment segment) {
        checkComboOnly(segment, "Actions.get");
        Map<String, Double> sums = sumVisitTable(r, segment);
        Map<String, Object> out = new LinkedHashMap<>();
        if (sums.isEmpty()) {
            return out;
        }
        out.put("nb_pageviews", (long) (double) sums.getOrDefault("pv", 0.0));
        out.put("nb_uniq_pageviews", (long) sumVisits(r, Table.PAGE_URL, segment));
        out.put("nb_downloads", (long) (double) sums.getOrDefault("dl", 0.0));
        out.put("nb_uniq_downloads", (long) sumVisits(r, Table.DOWNLOAD, segment));
        out.put("nb_outlinks", (long) (double) sums.getOrDefault("ol", 0.0));
        out.put("nb_uniq_outlinks", (long) sumVisits(r, Table.OUTLINK, segment));
        out.put("nb_searches", (long) (double) sums.getOrDefault("se", 0.0));
        out.put("nb_keywords", 0L);
        return out;
    }

    /** The rows of one dimension table, in Matomo's row shape, sorted by visits then hits, descending. */
    public List<Map<String, Object>> table(Rollup r, Table table, Segment segment) {
        Set<Table> tables = segment.rowTables();
        if (!tables.isEmpty() && !(tables.size() == 1 && tables.contains(table))) {
            throw new UnsupportedReportException("this report is segmented only by visitorType, deviceType, "
                    + "referrerType and by its own dimension (" + segmentDimension(table) + "); the rollups do "
                    + "not cross " + names(tables) + " with it");
        }
        Map<String, Map<String, Double>> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Map<String, Double>>> row : rows(r, table).entrySet()) {
            for (Map.Entry<String, Map<String, Double>> c : row.getValue().entrySet()) {
                if (!segment.matches(table, value(row.getKey()), Combo.ofKey(c.getKey()))) {
                    continue;
                }
                Map<String, Double> m = merged.computeIfAbsent(row.getKey(), k -> new HashMap<>());
                c.getValue().forEach((k, x) -> m.merge(k, x, Rollup.combiner(k)));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : merged.entrySet()) {
            if (table == Table.REFERRER_NAME && Rollup.NULL.equals(e.getKey())) {
                continue; // direct entries have no referrer name
            }
            out.add(row(table, value(e.getKey()), e.getValue()));
        }
        out.sort(Comparator.<Map<String, Object>>comparingLong(m -> num(m, "nb_visits"))
                .thenComparingLong(m -> num(m, "nb_hits") + num(m, "nb_events") + num(m, "nb_impressions"))
                .reversed().thenComparing(m -> String.valueOf(m.get("label"))));
        return out;
    }

    private static Map<String, Object> row(Table table, String value, Map<String, Double> m) {
        Map<String, Object> row = new LinkedHashMap<>();
        boolean others = VisitRules.OTHERS.equals(value);
        row.put("label", others ? "Others" : label(table, value));
        long v = get(m, "v");
        row.put("nb_visits", v);
        if (table.visitLevel()) {
            row.put("nb_actions", get(m, "a"));
            row.put("sum_visit_length", get(m, "l"));
            row.put("bounce_count", get(m, "b"));
            row.put("nb_visits_converted", 0L);
        } else {
            switch (table) {
                case EVENT_CATEGORY, EVENT_ACTION, EVENT_NAME -> {
                    long events = get(m, "h");
                    long withValue = get(m, "en");
                    double sum = m.getOrDefault("es", 0.0);
                    row.put("nb_events", events);
                    row.put("sum_event_value", round(sum, 2));
                    row.put("min_event_value", withValue > 0 ? round(m.getOrDefault("emn", 0.0), 2) : 0);
                    row.put("max_event_value", withValue > 0 ? round(m.getOrDefault("emx", 0.0), 2) : 0);
                    row.put("avg_event_value", withValue > 0 ? round(sum / withValue, 2) : 0);
                    row.put("nb_events_with_value", withValue);
                }
                case CONTENT_NAME, CONTENT_PIECE -> {
                    long imp = get(m, "ci");
                    long inter = get(m, "cx");
                    row.put("nb_impressions", imp);
                    row.put("nb_interactions", inter);
                    row.put("interaction_rate", percent(inter, imp));
                }
                default -> row.put("nb_hits", get(m, "h"));
            }
        }
        if (!others) {
            if (table == Table.PAGE_URL || table == Table.DOWNLOAD || table == Table.OUTLINK) {
                row.put("url", value);
            }
            String dim = segmentDimension(table);
            if (dim != null && value != null) {
                row.put("segment", Segment.condition(dim, value));
            }
        }
        return row;
    }

    /** Matomo's labels: referrer types and device types by name, pages by path. */
    static String label(Table table, String value) {
        if (value == null) {
            return switch (table) {
                case PAGE_TITLE -> "Page Name not defined";
                default -> "-";
            };
        }
        return switch (table) {
            case REFERRER_TYPE -> switch (value) {
                case "direct" -> "Direct Entry";
                case "search" -> "Search Engines";
                case "website" -> "Websites";
                case "campaign" -> "Campaigns";
                default -> value;
            };
            case DEVICE_TYPE, BROWSER, VISITOR_TYPE -> value.isEmpty() ? value
                    : Character.toUpperCase(value.charAt(0)) + value.substring(1);
            case PAGE_URL -> path(value);
            default -> value;
        };
    }

    private static String path(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    static String segmentDimension(Table table) {
        for (String d : Segment.DIMENSIONS) {
            if (Segment.tableOf(d) == table) {
                return d;
            }
        }
        return null;
    }

    private Map<String, Double> sumVisitTable(Rollup r, Segment segment) {
        Map<String, Double> sums = new HashMap<>();
        for (Map.Entry<String, Map<String, Map<String, Double>>> row : rows(r, Table.VISIT).entrySet()) {
            for (Map.Entry<String, Map<String, Double>> c : row.getValue().entrySet()) {
                if (segment.matches(Table.VISIT, VisitRules.ALL, Combo.ofKey(c.getKey()))) {
                    c.getValue().forEach((k, x) -> sums.merge(k, x, Rollup.combiner(k)));
                }
            }
        }
        return sums;
    }

    private double sumVisits(Rollup r, Table table, Segment segment) {
        double v = 0;
        for (Map<String, Map<String, Double>> combos : rows(r, table).values()) {
            for (Map.Entry<String, Map<String, Double>> c : combos.entrySet()) {
                if (segment.matches(table, null, Combo.ofKey(c.getKey()))) {
                    v += c.getValue().getOrDefault("v", 0.0);
                }
            }
        }
        return v;
    }

    private static void checkComboOnly(Segment segment, String what) {
        if (!segment.rowTables().isEmpty()) {
            throw new UnsupportedReportException(what + " is segmented only by visitorType, deviceType and "
                    + "referrerType");
        }
    }

    private static UnsupportedReportException combined(Set<Table> tables) {
        return new UnsupportedReportException("a segment may combine visitorType, deviceType and referrerType "
                + "with at most one other dimension; " + names(tables) + " are not pre-aggregated together");
    }

    private static String names(Set<Table> tables) {
        List<String> n = new ArrayList<>();
        tables.forEach(t -> n.add(segmentDimension(t)));
        return String.join(", ", n);
    }

    private static Map<String, Map<String, Map<String, Double>>> rows(Rollup r, Table t) {
        return r.rows.getOrDefault(t, Map.of());
    }

    private static String value(String key) {
        return Rollup.NULL.equals(key) ? null : key;
    }

    private static long get(Map<String, Double> m, String k) {
        return Math.round(m.getOrDefault(k, 0.0));
    }

    private static long num(Map<String, Object> m, String k) {
        return m.get(k) instanceof Number n ? n.longValue() : 0;
    }

    static String percent(double part, double whole) {
        return whole == 0 ? "0%" : Math.round(100.0 * part / whole) + "%";
    }

    static Number round(double x, int digits) {
        BigDecimal d = BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() <= 0 ? (Number) d.longValue() : (Number) d.doubleValue();
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
