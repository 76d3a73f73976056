package io.crowdsurf.metrics.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** API.getReportMetadata for the reports this server answers, in Matomo's shape. */
final class ReportMetadata {

    private ReportMetadata() {
    }

    private static final Map<String, String> VISIT_METRICS = ordered("nb_visits", "Visits", "nb_actions", "Actions",
            "bounce_count", "Bounces", "sum_visit_length", "Total time spent by visitors (in seconds)");

    static List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(report("Visitors", "Visits Overview", "VisitsSummary", "get", null,
                ordered("nb_uniq_visitors", "Unique visitors", "nb_visits", "Visits", "nb_actions", "Actions",
                        "bounce_count", "Bounces", "sum_visit_length", "Total time spent by visitors (in seconds)",
                        "max_actions", "Maximum actions in one visit", "bounce_rate", "Bounce Rate",
                        "nb_actions_per_visit", "Actions per Visit", "avg_time_on_site", "Avg. Visit Duration (in seconds)")));
        out.add(report("Actions", "Actions - Main metrics", "Actions", "get", null,
                ordered("nb_pageviews", "Pageviews", "nb_uniq_pageviews", "Unique Pageviews", "nb_downloads",
                        "Downloads", "nb_uniq_downloads", "Unique Downloads", "nb_outlinks", "Outlinks",
                        "nb_uniq_outlinks", "Unique Outlinks", "nb_searches", "Searches", "nb_keywords", "Unique Keywords")));
        Map<String, String> hits = ordered("nb_visits", "Unique Pageviews", "nb_hits", "Pageviews");
        out.add(report("Actions", "Page URLs", "Actions", "getPageUrls", "Page URL", hits));
        out.add(report("Actions", "Page titles", "Actions", "getPageTitles", "Page Name", hits));
        out.add(report("Actions", "Downloads", "Actions", "getDownloads", "Download URL",
                ordered("nb_visits", "Unique Downloads", "nb_hits", "Downloads")));
        out.add(report("Actions", "Outlinks", "Actions", "getOutlinks", "Outlink URL",
                ordered("nb_visits", "Unique Outlinks", "nb_hits", "Outlinks")));
        out.add(report("Referrers", "Channel Type", "Referrers", "getReferrerType", "Channel Type", VISIT_METRICS));
        out.add(report("Referrers", "Referrers", "Referrers", "getAll", "Referrer", VISIT_METRICS));
        out.add(report("Visitors", "Device type", "DevicesDetection", "getType", "Device type", VISIT_METRICS));
        out.add(report("Visitors", "Browsers", "DevicesDetection", "getBrowsers", "Browser", VISIT_METRICS));
        out.add(report("Visitors", "Visitor type", "VisitFrequency", "getVisitorTypes", "Visitor type", VISIT_METRICS));
        Map<String, String> events = ordered("nb_events", "Events", "sum_event_value", "Event value",
                "min_event_value", "Minimum Event value", "max_event_value", "Maximum Event value",
                "avg_event_value", "Average Event value", "nb_events_with_value", "Events with a value",
                "nb_visits", "Visits");
        out.add(report("Events", "Event Categories", "Events", "getCategory", "Event Category", events));
        out.add(report("Events", "Event Actions", "Events", "getAction", "Event Action", events));
        out.add(report("Events", "Event Names", "Events", "getName", "Event Name", events));
        Map<String, String> contents = ordered("nb_impressions", "Impressions", "nb_interactions", "Interactions",
                "interaction_rate", "Interaction Rate");
        out.add(report("Actions", "Content Name", "Contents", "getContentNames", "Content Name", contents));
        out.add(report("Actions", "Content Piece", "Contents", "getContentPieces", "Content Piece", contents));
        return out;
    }

    private static Map<String, Object> report(String category, String name, String module, String action,
            String dimension, Map<String, String> metrics) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("category", category);
        r.put("name", name);
        r.put("module", module);
        r.put("action", action);
        if (dimension != null) {
            r.put("dimension", dimension);
        }
        r.put("metrics", metrics);
        r.put("uniqueId", module + "_" + action);
        return r;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
