package io.crowdsurf.alert.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Caller;
import io.crowdsurf.alert.service.AlertService;

import io.crowdsurf.runtime.rest.StrictJson;

/**
 * The alert API. Authentication first (401), then the body (400 naming the field). Blocking MongoDB calls:
 * Quarkus REST runs these methods on worker threads.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "bearer")
public class AlertResource {

    private final AlertService service;
    private final Callers callers;
    private final StrictJson json;
    private final boolean allowHttpWebhooks;

    public AlertResource(AlertService service, Callers callers, StrictJson json, AlertConfig config) {
        this.service = service;
        this.callers = callers;
        this.json = json;
        this.allowHttpWebhooks = config.allowHttpWebhooks();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @RequestBody(content = @Content(schema = @Schema(implementation = AlertRequest.class))) byte[] body) {
        Caller caller = callers.of(auth);
        Alert alert = service.create(caller, json.read(body, AlertRequest.class).toDraft(allowHttpWebhooks));
        return Response.created(URI.create("/api/v1/alerts/" + alert.id())).entity(view(alert)).build();
    }

    @GET
    public List<AlertView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @QueryParam("conversationId") String conversationId) {
        List<Alert> alerts = service.list(callers.of(auth), conversationId);
        Map<String, String> zones = service.timeZones(alerts);
        return alerts.stream().map(a -> AlertView.of(a, zones.get(a.id()))).toList();
    }

    @GET
    @Path("/{id}")
    public AlertView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return view(service.get(callers.of(auth), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AlertView update(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
            @RequestBody(content = @Content(schema = @Schema(implementation = AlertRequest.class))) byte[] body) {
        Caller caller = callers.of(auth);
        return view(service.update(caller, id, json.read(body, AlertRequest.class).toDraft(allowHttpWebhooks)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        service.delete(callers.of(auth), id);
        return Response.noContent().build();
    }

    private AlertView view(Alert a) {
        return AlertView.of(a, service.timeZones(List.of(a)).get(a.id()));
    }
}
