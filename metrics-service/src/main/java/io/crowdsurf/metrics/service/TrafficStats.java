package io.crowdsurf.metrics.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.StatsConfig;
import io.crowdsurf.metrics.domain.DateSpec;
import io.crowdsurf.metrics.domain.Period;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;

/**
 * {@code /stats traffic [site] [period]}: visits, actions, unique visitors and the top section of a site, read from
 * part 1's rollups through its {@link ReportQuery} (the same numbers as {@code VisitsSummary.get}). Periods:
 * {@code today} (default), {@code yesterday}, {@code week}, {@code month}, {@code year}, {@code lastN},
 * {@code previousN}, or a day {@code YYYY-MM-DD}, in the site's time zone.
 */
@ApplicationScoped
public class TrafficStats {

    private static final Pattern PERIOD = Pattern.compile("today|yesterday|week|month|year|(last|previous)\\d{1,3}"
            + "|\\d{4}-\\d{2}-\\d{2}");

    private final ReportQuery reports;
    private final String defaultSite;

    public TrafficStats(ReportQuery reports, StatsConfig config) {
        this.reports = reports;
        this.defaultSite = config.defaultSite();
    }

    public String answer(String siteWord, String periodWord) {
        String site = siteWord;
        String period = periodWord;
        // "/stats traffic week": a period in the site's place, for the default site.
        if (site != null && period == null && PERIOD.matcher(site.toLowerCase(Locale.ROOT)).matches()
                && reports.zone(site).isEmpty()) {
            period = site;
            site = null;
        }
        site = site == null ? defaultSite : site;
        Optional<ZoneId> zone = reports.zone(site);
        if (zone.isEmpty()) {
            List<String> known = reports.siteIds();
            return "No site '" + site + "'. Sites: " + (known.isEmpty() ? "none registered yet"
                    : String.join(", ", known.subList(0, Math.min(20, known.size())))) + ".";
        }
        String p = period == null ? "today" : period.toLowerCase(Locale.ROOT);
        if (!PERIOD.matcher(p).matches()) {
            return "Unknown period '" + period + "': use today, yesterday, week, month, year, lastN, previousN or "
                    + "YYYY-MM-DD.";
        }
        LocalDate today = reports.today(site);
        DateSpec spec;
        try {
            spec = switch (p) {
                case "today", "yesterday" -> DateSpec.parse("day", p, today);
                case "week", "month", "year" -> DateSpec.parse(p, "today", today);
                default -> p.startsWith("last") || p.startsWith("previous") ? DateSpec.parse("range", p, today)
                        : DateSpec.parse("day", p, today);
            };
        } catch (IllegalArgumentException e) {
            return "Cannot read the period '" + period + "': " + e.getMessage();
        }
        Period span = Period.of(spec.spans().get(0));
        Map<String, Object> visits = reports.visits(site, span, Segment.NONE);
        String label = p + " (" + span.from() + (span.to().equals(span.from()) ? "" : " – " + span.to()) + ")";
        if (visits.isEmpty()) {
            return "Site " + site + ", " + label + ": no visits.";
        }
        StringBuilder b = new StringBuilder("Site ").append(site).append(", ").append(label).append(": ")
                .append(visits.get("nb_visits")).append(" visits, ").append(visits.get("nb_actions"))
                .append(" actions");
        if (visits.get("nb_uniq_visitors") != null) {
            b.append(", ").append(visits.get("nb_uniq_visitors")).append(" unique visitors");
        }
        List<Map<String, Object>> sections = reports.table(site, span, Table.SECTION, Segment.NONE);
        if (!sections.isEmpty()) {
            Map<String, Object> top = sections.get(0);
            b.append("\nTop section: ").append(top.get("label")).append(" (").append(top.get("nb_visits"))
                    .append(" visits)");
        }
        return b.toString();
    }
}
