package io.crowdsurf.metrics.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.domain.DateSpec;
import io.crowdsurf.metrics.domain.Period;
import io.crowdsurf.metrics.domain.Segment;
import io.crowdsurf.metrics.domain.Table;
import io.crowdsurf.metrics.service.ReportQuery;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * A subset of Matomo's Reporting API at {@code /index.php?module=API&method=…} (GET, or POST with a form body),
 * answered from the rollups with Matomo's field names and shapes, so BI connectors and scripts written for
 * Matomo read it. Anything we do not serve — a method, a parameter, a period or a segment dimension — answers
 * Matomo's error format with a message saying what, never a 500.
 */
@Path("/index.php")
public class MatomoApiResource {

    private static final Logger LOG = Logger.getLogger(MatomoApiResource.class);

    /** Report methods → table (null: the two summary methods, answered by name). */
    static final Map<String, Table> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put("VisitsSummary.get", null);
        METHODS.put("Actions.get", null);
        METHODS.put("Actions.getPageUrls", Table.PAGE_URL);
        METHODS.put("Actions.getPageTitles", Table.PAGE_TITLE);
        METHODS.put("Actions.getDownloads", Table.DOWNLOAD);
        METHODS.put("Actions.getOutlinks", Table.OUTLINK);
        METHODS.put("Referrers.getReferrerType", Table.REFERRER_TYPE);
        METHODS.put("Referrers.getAll", Table.REFERRER_NAME);
        METHODS.put("DevicesDetection.getType", Table.DEVICE_TYPE);
        METHODS.put("DevicesDetection.getBrowsers", Table.BROWSER);
        METHODS.put("VisitFrequency.getVisitorTypes", Table.VISITOR_TYPE);
        METHODS.put("Events.getCategory", Table.EVENT_CATEGORY);
        METHODS.put("Events.getAction", Table.EVENT_ACTION);
        METHODS.put("Events.getName", Table.EVENT_NAME);
        METHODS.put("Contents.getContentNames", Table.CONTENT_NAME);
        METHODS.put("Contents.getContentPieces", Table.CONTENT_PIECE);
    }

    /** Matomo parameters whose behaviour we do not implement: refused rather than silently ignored. */
    private static final Set<String> REFUSED = Set.of("filter_pattern", "filter_pattern_recursive", "filter_column",
            "filter_column_recursive", "filter_excludelowpop", "filter_excludelowpop_value", "showColumns",
            "hideColumns", "label", "idSubtable", "pivotBy", "compare", "compareDates", "comparePeriods",
            "compareSegments", "filter_truncate", "totals");

    private final ReportQuery query;
    private final ReportAuth auth;

    public MatomoApiResource(ReportQuery query, ReportAuth auth) {
        this.query = query;
        this.auth = auth;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        return handle(uri.getQueryParameters());
    }

    /**
     * The form body is parsed here, not by the framework: a body that is not valid form encoding or not UTF-8
     * must be Matomo's 400 error, never an exception before this method.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@Context UriInfo uri, byte[] body) {
        MultivaluedMap<String, String> all = new MultivaluedHashMap<>();
        all.putAll(uri.getQueryParameters());
        try {
            form(body).forEach(all::put);
        } catch (IllegalArgumentException e) {
            return error("json", 400, e.getMessage());
        }
        return handle(all);
    }

    static MultivaluedMap<String, String> form(byte[] body) {
        MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        String text = Utf8.tryDecode(body).orElseThrow(() -> new IllegalArgumentException("the body is not UTF-8"));
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.add(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the body is not valid form encoding");
            }
        }
        return out;
    }

    /** A request we refuse, with Matomo's message and our status. */
    static final class MatomoError extends RuntimeException {
        final int status;

        MatomoError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    Response handle(MultivaluedMap<String, String> params) {
        String format = one(params, "format");
        String f = format == null ? "xml" : format.toLowerCase(Locale.ROOT);
        if (!Set.of("json", "xml", "csv", "tsv").contains(f)) {
            return error("json", 400, "Format '" + format + "' is not supported; use JSON, XML, CSV or TSV");
        }
        try {
            for (String p : params.keySet()) {
                if (REFUSED.contains(p)) {
                    throw new MatomoError(400, "Parameter '" + p + "' is not supported by this server");
                }
                for (String v : params.get(p)) {
                    if (v != null && (v.indexOf('\uFFFD') >= 0 || v.length() > 8192)) {
                        throw new MatomoError(400, "Parameter '" + p + "' is not valid");
                    }
                }
            }
            if (!"API".equals(one(params, "module"))) {
                throw new MatomoError(400, "This server only serves module=API");
            }
            if (!auth.accepts(one(params, "token_auth"))) {
                throw new MatomoError(401, "You can't access this resource as it requires a valid 'token_auth'.");
            }
            String method = one(params, "method");
            if (method == null || method.isBlank()) {
                throw new MatomoError(400, "Please specify a value for 'method'.");
            }
            Object result;
            if (method.equals("API.getReportMetadata")) {
                result = ReportMetadata.all();
            } else if (METHODS.containsKey(method)) {
                result = report(method, params);
            } else {
                throw new MatomoError(400, "The method '" + method + "' does not exist or is not available on this "
                        + "server. Served: API.getReportMetadata, " + String.join(", ", METHODS.keySet()));
            }
            return ok(f, result);
        } catch (MatomoError e) {
            return error(f, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(f, 400, e.getMessage());
        } catch (RuntimeException | VirtualMachineError e) { // NOPMD: see below
            // MongoDB away, or (VirtualMachineError) a report too big for the heap at this moment: the request
            // unwinds and its memory is free again. Either way the report cannot be computed now, which is a
            // 503 in Matomo's error format the caller may retry, not a 500 with a framework error page.
            LOG.warnf("Matomo API: %s", e.toString());
            return Response.fromResponse(error(f, 503, "The reports are unavailable right now; retry later"))
                    .header("Retry-After", "5").build();
        }
    }

    private Object report(String method, MultivaluedMap<String, String> params) {
        String idSite = required(params, "idSite");
        String period = required(params, "period");
        String date = required(params, "date");
        Segment segment = Segment.parse(one(params, "segment"));
        int limit = integer(params, "filter_limit", 100);
        int offset = integer(params, "filter_offset", 0);
        String flat = one(params, "flat");
        if (flat != null && !flat.equals("0") && !flat.equals("1")) {
            throw new MatomoError(400, "Parameter 'flat' must be 0 or 1");
        }
        String sort = one(params, "filter_sort_column");
        boolean ascending = "asc".equalsIgnoreCase(one(params, "filter_sort_order"));
        List<String> sites = sites(idSite);
        Map<String, Object> bySite = new LinkedHashMap<>();
        for (String site : sites) {
            LocalDate today = query.today(site);
            DateSpec spec = DateSpec.parse(period, date, today);
            Map<String, Object> byDate = new LinkedHashMap<>();
            for (DateSpec.Span span : spec.spans()) {
                Period p = Period.of(span);
                Table table = METHODS.get(method);
                Object value;
                if (method.equals("VisitsSummary.get")) {
                    value = query.summary(site, p, segment);
                } else if (method.equals("Actions.get")) {
                    value = query.actions(site, p, segment);
                } else {
                    value = ReportQuery.page(query.table(site, p, table, segment), sort, ascending, offset, limit);
                }
                byDate.put(span.label(), value);
            }
            bySite.put(site, spec.multiple() ? new Keyed("date", byDate) : byDate.values().iterator().next());
        }
        boolean manySites = idSite.contains(",") || idSite.equalsIgnoreCase("all");
        return manySites ? new Keyed("idSite", bySite) : bySite.values().iterator().next();
    }

    private List<String> sites(String idSite) {
        List<String> sites = new ArrayList<>();
        if (idSite.equalsIgnoreCase("all")) {
            sites.addAll(query.siteIds());
            return sites;
        }
        for (String s : idSite.split(",")) {
            String id = s.trim();
            if (!id.matches("[A-Za-z0-9_-]{1,64}") || query.zone(id).isEmpty()) {
                throw new MatomoError(400, "An unexpected website was found in the request: website id was set to '"
                        + (id.length() > 64 ? id.substring(0, 64) : id) + "' .");
            }
            if (!sites.contains(id)) {
                sites.add(id);
            }
        }
        return sites;
    }

    private static String one(MultivaluedMap<String, String> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    private static String required(MultivaluedMap<String, String> params, String name) {
        String v = one(params, name);
        if (v == null || v.isBlank()) {
            throw new MatomoError(400, "Please specify a value for '" + name + "'.");
        }
        return v.trim();
    }

    private static int integer(MultivaluedMap<String, String> params, String name, int dflt) {
        String v = one(params, name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < -1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MatomoError(400, "Parameter '" + name + "' must be an integer (-1 for all)");
        }
    }

    private static Response ok(String format, Object result) {
        return switch (format) {
            case "json" -> Response.ok(ReportFormats.json(result), MediaType.APPLICATION_JSON_TYPE).build();
            case "csv" -> Response.ok(ReportFormats.csv(result, ','), "text/csv; charset=utf-8").build();
            case "tsv" -> Response.ok(ReportFormats.csv(result, '\t'), "text/tab-separated-values; charset=utf-8").build();
            default -> Response.ok(ReportFormats.xml(result), "text/xml; charset=utf-8").build();
        };
    }

    static Response error(String format, int status, String message) {
        return switch (format) {
            case "xml" -> Response.status(status).type("text/xml; charset=utf-8")
                    .entity("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<result>\n\t<error message=\""
                            + ReportFormats.escape(message) + "\" />\n</result>").build();
            case "csv", "tsv" -> Response.status(status).type("text/plain; charset=utf-8")
                    .entity("Error: " + message + "\n").build();
            default -> Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("result", "error", "message", message)).build();
        };
    }
}
