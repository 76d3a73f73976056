package io.crowdsurf.metrics.rest;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.crowdsurf.metrics.service.CsvImport;
import io.crowdsurf.metrics.service.CsvImport.ImportResult;
import io.crowdsurf.metrics.service.SiteDirectory;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * {@code POST /api/v1/sites/{site}/import} (admin token): a CSV of historical hits, streamed (the body is never held
 * in memory; see {@link CsvImport} for the columns). 200 with rows accepted/excluded/rejected and the rejected
 * rows' line numbers and reasons; 400 for a bad header (nothing imported); 404 for an unknown site; 503 when Kafka
 * fails mid-file (the rows before are written; importing the same file again does not count them twice).
 */
@Path("/api/v1/sites/{site}/import")
public class ImportResource {

    private final CsvImport importer;
    private final SiteDirectory sites;

    /** @param sites the same cached lookup as live tracking: a file for a known site is taken while MongoDB is briefly away */
    public ImportResource(CsvImport importer, SiteDirectory sites) {
        this.importer = importer;
        this.sites = sites;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public ImportResult upload(@PathParam("site") String site, @HeaderParam("Content-Type") String contentType,
            InputStream body) {
        checkContentType(contentType);
        if (sites.apply(site).isEmpty()) {
            throw SiteResource.notFound(site);
        }
        try {
            return importer.run(site, body);
        } catch (CsvImport.BadHeaderException e) {
            throw new ProblemException(Problem.invalid("body", e.getMessage()));
        } catch (CsvImport.ImportInterruptedException e) {
            throw new ProblemException(new Problem("about:blank", "Service Unavailable", 503,
                    "the event store is unavailable; " + e.writtenRows() + " rows were written before the failure. "
                            + "Import the same file again: rows already written keep their hit ids and are not counted twice.",
                    null, Map.of("writtenRows", e.writtenRows())));
        }
    }

    static void checkContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        String media = ct.split(";", 2)[0].strip();
        if (!(media.equals("text/csv") || media.equals("application/csv") || media.equals("text/plain"))) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type", "send text/csv in UTF-8"));
        }
        int cs = ct.indexOf("charset=");
        if (cs >= 0) {
            String charset = ct.substring(cs + 8).split(";", 2)[0].replace("\"", "").strip();
            if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                throw new ProblemException(Problem.of(415, "Unsupported Media Type", "the CSV must be UTF-8, not " + charset));
            }
        }
    }
}
