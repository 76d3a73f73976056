package io.crowdsurf.metrics.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.metrics.service.SiteService;
import io.crowdsurf.metrics.service.SiteService.InvalidSiteException;
import io.crowdsurf.metrics.service.SiteService.SiteSpec;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.crowdsurf.runtime.rest.StrictJson;

/**
 * The sites admin API (bearer {@code CROWDSURF_ADMIN_TOKEN}): register a site with its URLs, time zone, section
 * rules and exclusions; read, list and replace them. 201 + Location on create, 409 for a taken id.
 */
@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
public class SiteResource {

    private final SiteService sites;
    private final StrictJson json;

    public SiteResource(SiteService sites, StrictJson json) {
        this.sites = sites;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    public Response create(byte[] body) {
        SiteSpec spec = json.read(body, SiteSpec.class);
        Site site = valid(() -> sites.create(spec)).orElseThrow(() -> new ProblemException(
                Problem.of(409, "Conflict", "a site with id '" + spec.id() + "' exists")));
        return Response.created(URI.create("/api/v1/sites/" + site.id())).entity(site).build();
    }

    @GET
    @RunOnVirtualThread
    public List<Site> list() {
        return sites.list();
    }

    @GET
    @Path("{id}")
    @RunOnVirtualThread
    public Site get(@PathParam("id") String id) {
        return sites.find(id).orElseThrow(() -> notFound(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    public Site update(@PathParam("id") String id, byte[] body) {
        SiteSpec spec = json.read(body, SiteSpec.class);
        return valid(() -> sites.update(id, spec)).orElseThrow(() -> notFound(id));
    }

    private static <T> T valid(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidSiteException e) {
            throw new ProblemException(Problem.invalid(e.field(), e.getMessage()));
        }
    }

    static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(404, "Not Found", "no site '" + id + "'"));
    }
}
