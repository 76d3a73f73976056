package io.crowdsurf.quiz.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.CampaignStats;
import io.crowdsurf.quiz.domain.CampaignStatus;
import io.crowdsurf.quiz.domain.Draw;
import io.crowdsurf.quiz.service.CampaignService;
import io.crowdsurf.quiz.service.CampaignValidator;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.StrictJson;

/** The campaign admin API. Blocking MongoDB calls: Quarkus REST runs these methods on worker threads. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "admin")
public class CampaignResource {

    private final CampaignService service;
    private final StrictJson json;
    private final int maxDrawCount;

    public CampaignResource(CampaignService service, StrictJson json, QuizConfig config) {
        this.service = service;
        this.json = json;
        this.maxDrawCount = config.maxDrawCount();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @RequestBody(content = @Content(schema = @Schema(implementation = CampaignRequest.class))) byte[] body) {
        Campaign c = service.create(json.read(body, CampaignRequest.class).toCommand());
        return Response.created(URI.create("/api/v1/campaigns/" + c.id())).entity(view(c)).build();
    }

    @GET
    public List<CampaignView> list(@QueryParam("status") String status) {
        CampaignStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = CampaignStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.invalid("status", "status must be DRAFT, OPEN or CLOSED"));
            }
        }
        return service.list(s).stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public CampaignView get(@PathParam("id") String id) {
        return view(service.get(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignView update(@PathParam("id") String id,
            @RequestBody(content = @Content(schema = @Schema(implementation = CampaignRequest.class))) byte[] body) {
        return view(service.update(id, json.read(body, CampaignRequest.class).toCommand()));
    }

    @POST
    @Path("{id}/open")
    public CampaignView open(@PathParam("id") String id) {
        return view(service.open(id));
    }

    @POST
    @Path("{id}/close")
    public CampaignView close(@PathParam("id") String id) {
        return view(service.close(id));
    }

    @GET
    @Path("{id}/stats")
    public CampaignStats stats(@PathParam("id") String id) {
        return service.stats(id);
    }

    /** Runs a draw now (scheduled mode), as a {@code quiz.draw.requested} event would. */
    @POST
    @Path("{id}/draws")
    @Consumes(MediaType.APPLICATION_JSON)
    public Draw draw(@PathParam("id") String id,
            @RequestBody(content = @Content(schema = @Schema(implementation = DrawRequest.class))) byte[] body) {
        DrawRequest r = json.read(body, DrawRequest.class);
        if (r.count() < 1 || r.count() > maxDrawCount) {
            throw new ProblemException(Problem.invalid("count", "count must be between 1 and " + maxDrawCount));
        }
        if (r.drawId() != null && !CampaignValidator.ID.matcher(r.drawId()).matches()) {
            throw new ProblemException(Problem.invalid("drawId", "drawId must match " + CampaignValidator.ID.pattern()));
        }
        return service.draw(id, r.drawId() != null ? r.drawId() : "admin-" + UUID.randomUUID(), r.count());
    }

    /** Winners as CSV, in award order; cells are escaped for spreadsheets (no formula injection via names). */
    @GET
    @Path("{id}/winners.csv")
    @Produces("text/csv")
    public Response winners(@PathParam("id") String id) {
        service.get(id);
        StreamingOutput csv = out -> {
            var w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(WinnersCsv.HEADER);
            service.tickets(id, t -> {
                try {
                    w.write(WinnersCsv.row(t));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.flush();
        };
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-winners.csv\"")
                .build();
    }

    private CampaignView view(Campaign c) {
        return CampaignView.of(c, service.inventory(c.id()));
    }
}
