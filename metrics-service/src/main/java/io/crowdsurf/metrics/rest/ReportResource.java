package io.crowdsurf.metrics.rest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.config.ReportsConfig;
import io.crowdsurf.metrics.domain.Period;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;
import io.crowdsurf.metrics.service.ReportQuery;
import io.crowdsurf.runtime.rest.Problem;

/**
 * {@code GET /api/v1/sites/{site}/reports/{report}}: the rollups of a site over {@code from}..{@code to} (site
 * time zone, default today) cut by {@code period} (hour, day, week, month, year, range), with a Matomo
 * {@code segment}, {@code limit}, {@code sort} (a metric, descending) and {@code format=json|csv}. Admin token.
 */
@Path("/api/v1/sites/{site}/reports/{report}")
public class ReportResource {

    private static final Logger LOG = Logger.getLogger(ReportResource.class);

    private final ReportQuery query;
    private final ReportAuth auth;
    private final ReportsConfig config;

    public ReportResource(ReportQuery query, ReportAuth auth, ReportsConfig config) {
        this.query = query;
        this.auth = auth;
        this.config = config;
    }

    @GET
    public Response report(@PathParam("site") String site, @PathParam("report") String report,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("period") String period,
            @QueryParam("segment") String segment, @QueryParam("limit") String limit, @QueryParam("sort") String sort,
            @QueryParam("format") String format, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!auth.accepts(ReportAuth.bearer(authorization))) {
            return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, "missing or wrong bearer token"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"crowdsurf\"").build();
        }
        if (!ReportQuery.REPORTS.containsKey(report)) {
            return Problem.response(Response.Status.NOT_FOUND, "no report '" + clip(report) + "'; reports: "
                    + String.join(", ", ReportQuery.REPORTS.keySet()));
        }
        String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            return Problem.invalid("format", "format must be json or csv").toResponse();
        }
        try {
            if (!site.matches("[A-Za-z0-9_-]{1,64}") || query.zone(site).isEmpty()) {
                return Problem.response(Response.Status.NOT_FOUND, "no site '" + clip(site) + "'");
            }
            LocalDate today = query.today(site);
            LocalDate fromDay = date("from", from, today);
            LocalDate toDay = date("to", to, fromDay.isAfter(today) ? fromDay : today);
            String p = period == null || period.isBlank() ? "day" : period.toLowerCase(Locale.ROOT);
            if (!List.of("hour", "day", "week", "month", "year", "range").contains(p)) {
                return Problem.invalid("period", "period must be hour, day, week, month, year or range").toResponse();
            }
            List<Period> periods = Period.cut(p, fromDay, toDay, 1000);
            Segment seg;
            try {
                seg = Segment.parse(segment);
            } catch (IllegalArgumentException e) {
                return Problem.invalid("segment", e.getMessage()).toResponse();
            }
            int max = number("limit", limit, 100);
            if (max < 1 || max > config.maxLimit()) {
                return Problem.invalid("limit", "limit must be between 1 and " + config.maxLimit()).toResponse();
            }
            if (sort != null && !sort.isBlank() && !sort.matches("[a-z_]{1,40}")) {
                return Problem.invalid("sort", "sort must be a metric name such as nb_visits or nb_hits").toResponse();
            }
            Table table = ReportQuery.REPORTS.get(report);
            List<Map<String, Object>> data = new ArrayList<>();
            for (Period per : periods) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("date", per.label());
                if (table == null) {
                    Map<String, Object> v = query.visits(site, per, seg);
                    item.putAll(v.isEmpty() ? zeroVisits() : v);
                } else {
                    String by = sort == null || sort.isBlank() ? null : sort;
                    item.put("rows", ReportQuery.page(query.table(site, per, table, seg), by, false, 0, max));
                }
                data.add(item);
            }
            if (f.equals("csv")) {
                return Response.ok(csv(data, table != null), "text/csv; charset=utf-8").build();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("site", site);
            out.put("report", report);
            out.put("period", p);
            out.put("from", fromDay.toString());
            out.put("to", toDay.toString());
            out.put("segment", segment == null ? "" : segment);
            out.put("data", data);
            return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (IllegalArgumentException e) {
            return Problem.of(Response.Status.BAD_REQUEST, e.getMessage()).toResponse();
        } catch (RuntimeException | VirtualMachineError e) { // NOPMD: as MatomoApiResource: a 503 problem, never a 500
            LOG.warnf("report %s of %s: %s", report, site, e.toString());
            return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                    "the reports are unavailable right now; retry later")).header("Retry-After", "5").build();
        }
    }

    static Map<String, Object> zeroVisits() {
        Map<String, Object> z = new LinkedHashMap<>();
        for (String k : List.of("nb_uniq_visitors", "nb_visits", "nb_actions", "bounce_count", "sum_visit_length",
                "max_actions", "nb_pageviews", "nb_downloads", "nb_outlinks")) {
            z.put(k, 0L);
        }
        z.put("bounce_rate", "0%");
        z.put("nb_actions_per_visit", 0L);
        z.put("avg_time_on_site", 0L);
        return z;
    }

    @SuppressWarnings("unchecked")
    private static String csv(List<Map<String, Object>> data, boolean rows) {
        if (!rows) {
            return ReportFormats.csv(data, ',');
        }
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Map<String, Object> item : data) {
            for (Map<String, Object> row : (List<Map<String, Object>>) item.get("rows")) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("date", item.get("date"));
                r.putAll(row);
                flat.add(r);
            }
        }
        return ReportFormats.csv(flat, ',');
    }

    private static LocalDate date(String name, String value, LocalDate dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a date YYYY-MM-DD");
        }
    }

    private static int number(String name, String value, int dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be an integer");
        }
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
