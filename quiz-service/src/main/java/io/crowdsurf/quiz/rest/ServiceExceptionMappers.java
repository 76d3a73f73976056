package io.crowdsurf.quiz.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.crowdsurf.quiz.client.LinkRegistrationException;
import io.crowdsurf.quiz.service.CampaignConflictException;
import io.crowdsurf.quiz.service.CampaignNotFoundException;
import io.crowdsurf.quiz.service.InvalidInputException;
import io.crowdsurf.quiz.service.TicketService;
import io.crowdsurf.runtime.rest.Problem;

/** The service layer's exceptions as the project's problem+json answers (the service knows nothing of HTTP). */
public class ServiceExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return Problem.invalid(e.field(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(CampaignNotFoundException e) {
        return Problem.of(404, "Not Found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(CampaignConflictException e) {
        return Problem.of(409, "Conflict", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response ticketNotFound(TicketService.TicketNotFoundException e) {
        return Problem.of(404, "Not Found", e.getMessage()).toResponse();
    }

    /** 409 with when the ticket was used, also as a field of its own. */
    @ServerExceptionMapper
    public Response checkedIn(TicketService.AlreadyCheckedInException e) {
        return new Problem("about:blank", "Conflict", 409, e.getMessage(), null,
                Map.of("checkedInAt", e.checkedInAt().toString())).toResponse();
    }

    /** Short links are on and metrics-service did not register them: nothing changed, try again later. */
    @ServerExceptionMapper
    public Response linksUnavailable(LinkRegistrationException e) {
        return Response.fromResponse(Problem.of(503, "Service Unavailable", "short links could not be registered, the campaign is "
                + "unchanged: " + e.getMessage()).toResponse()).header("Retry-After", "5").build();
    }
}
