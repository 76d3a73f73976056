package io.crowdsurf.metrics.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.domain.Period;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;

/**
 * The named reports of both APIs, over a list of periods: "visits" (VisitsSummary.get plus Actions.get) and one
 * per dimension table.
 */
@ApplicationScoped
public class ReportQuery {

    /** REST report names → the table they show (null: the visits summary). */
    public static final Map<String, Table> REPORTS = new LinkedHashMap<>();

    static {
        REPORTS.put("visits", null);
        REPORTS.put("pages", Table.PAGE_URL);
        REPORTS.put("titles", Table.PAGE_TITLE);
        REPORTS.put("sections", Table.SECTION);
        REPORTS.put("downloads", Table.DOWNLOAD);
        REPORTS.put("outlinks", Table.OUTLINK);
        REPORTS.put("referrers", Table.REFERRER_TYPE);
        REPORTS.put("referrer-names", Table.REFERRER_NAME);
        REPORTS.put("devices", Table.DEVICE_TYPE);
        REPORTS.put("browsers", Table.BROWSER);
        REPORTS.put("visitor-types", Table.VISITOR_TYPE);
        REPORTS.put("events", Table.EVENT_CATEGORY);
        REPORTS.put("event-actions", Table.EVENT_ACTION);
        REPORTS.put("event-names", Table.EVENT_NAME);
        REPORTS.put("content", Table.CONTENT_NAME);
        REPORTS.put("content-pieces", Table.CONTENT_PIECE);
    }

    private final ReportService reports;
    private final SiteZones zones;

    public ReportQuery(ReportService reports, SiteZones zones) {
        this.reports = reports;
        this.zones = zones;
    }

    public Optional<ZoneId> zone(String site) {
        return zones.find(site);
    }

    public List<String> siteIds() {
        return zones.siteIds();
    }

    public LocalDate today(String site) {
        return LocalDate.now(zones.zone(site));
    }

    /** VisitsSummary.get of one period (empty map: no visit). */
    public Map<String, Object> summary(String site, Period period, Segment segment) {
        Rollup r = reports.load(site, period.buckets(), EnumSet.of(ReportService.summaryTable(segment)));
        return reports.visitsSummary(r, segment);
    }

    /** Visits summary and Actions.get together, for the REST "visits" report and the dashboard. */
    public Map<String, Object> visits(String site, Period period, Segment segment) {
        Set<Table> tables = EnumSet.copyOf(ReportService.ACTIONS_TABLES);
        tables.add(ReportService.summaryTable(segment));
        Rollup r = reports.load(site, period.buckets(), tables);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> visits = reports.visitsSummary(r, segment);
        if (visits.isEmpty()) {
            return out;
        }
        out.putAll(visits);
        if (segment.rowTables().isEmpty()) {
            out.putAll(reports.actionsSummary(r, segment));
        }
        return out;
    }

    public Map<String, Object> actions(String site, Period period, Segment segment) {
        return reports.actionsSummary(reports.load(site, period.buckets(), ReportService.ACTIONS_TABLES), segment);
    }

    public List<Map<String, Object>> table(String site, Period period, Table table, Segment segment) {
        return reports.table(reports.load(site, period.buckets(), EnumSet.of(table)), table, segment);
    }

    /** Sorts by a numeric column, descending (rows without it last), then cuts {@code offset}/{@code limit}. */
    public static List<Map<String, Object>> page(List<Map<String, Object>> rows, String sort, boolean ascending,
            int offset, int limit) {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        if (sort != null && !sort.isBlank()) {
            java.util.Comparator<Map<String, Object>> c = java.util.Comparator
                    .comparingDouble(m -> m.get(sort) instanceof Number n ? n.doubleValue() : Double.NEGATIVE_INFINITY);
            sorted.sort(ascending ? c : c.reversed());
        }
        int from = Math.min(Math.max(0, offset), sorted.size());
        int to = limit < 0 ? sorted.size() : (int) Math.min(sorted.size(), (long) from + limit);
        return sorted.subList(from, to);
    }
}
