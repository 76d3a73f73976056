package io.crowdsurf.metrics.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.metrics.service.LinkService;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.StrictJson;

/** The short-links admin API: register a target, get a code. */
@Path("/api/v1/links")
@Produces(MediaType.APPLICATION_JSON)
public class LinkResource {

    private final AdminGate admin;
    private final StrictJson bodies;
    private final LinkService links;

    public LinkResource(AdminGate admin, StrictJson bodies, LinkService links) {
        this.admin = admin;
        this.bodies = bodies;
        this.links = links;
    }

    /** 201 with the link; 400 for a non-http(s) target or a bad field; 409 for a taken code. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, byte[] body) {
        admin.check(auth);
        LinkRequest r = bodies.read(body, LinkRequest.class);
        ShortLink link;
        try {
            link = links.create(r.target(), r.code(), r.campaign(), r.site(), r.expiresAt());
        } catch (LinkService.LinkCodeTakenException e) {
            throw new ProblemException(new Problem("about:blank", "Conflict", 409, e.getMessage(), "code", null));
        }
        String shortUrl = links.shortUrl(link);
        return Response.created(URI.create("/api/v1/links/" + link.code())).entity(LinkView.of(link, shortUrl)).build();
    }

    @GET
    @Path("{code}")
    public LinkView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("code") String code) {
        admin.check(auth);
        return links.find(code).map(l -> LinkView.of(l, links.shortUrl(l))).orElseThrow(() -> new ProblemException(
                Problem.of(404, "Not Found", "no link '" + code + "'")));
    }
}
