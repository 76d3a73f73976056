package io.crowdsurf.quiz.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.service.TicketService;

/** Door staff: look a ticket up and admit it, exactly once. */
@Path("/api/v1/tickets")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "admin")
public class TicketResource {

    private final TicketService tickets;

    public TicketResource(TicketService tickets) {
        this.tickets = tickets;
    }

    @GET
    @Path("{code}")
    public Ticket get(@PathParam("code") String code) {
        return tickets.find(code);
    }

    /** 200 the first time, 409 (with when it was used) every time after, 404 for a code never issued. */
    @POST
    @Path("{code}/check-in")
    public Ticket checkIn(@PathParam("code") String code) {
        return tickets.checkIn(code);
    }
}
