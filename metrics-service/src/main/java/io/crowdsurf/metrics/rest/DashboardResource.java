package io.crowdsurf.metrics.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code /dashboard}: one static page (charts by uPlot, served from its webjar) that reads the report API with
 * the admin token typed in, or given once as {@code #token=…&site=…}; the page itself holds no data.
 */
@Path("/dashboard")
public class DashboardResource {

    private final byte[] page;

    public DashboardResource() {
        try (InputStream in = DashboardResource.class.getResourceAsStream("/dashboard/index.html")) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page).header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:")
                .build();
    }
}
