package io.crowdsurf.quiz.rest;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.crowdsurf.quiz.Ticket;
import io.crowdsurf.quiz.TicketCodes;
import io.crowdsurf.quiz.persistence.TicketRepository;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/** Door staff: look a ticket up and admit it, exactly once. */
@Path("/api/v1/tickets")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "admin")
public class TicketResource {

    private final TicketRepository tickets;

    public TicketResource(TicketRepository tickets) {
        this.tickets = tickets;
    }

    @GET
    @Path("{code}")
    public Ticket get(@PathParam("code") String code) {
        return tickets.find(TicketCodes.canonical(code)).orElseThrow(() -> notFound(code));
    }

    /** 200 the first time, 409 (with when it was used) every time after, 404 for a code never issued. */
    @POST
    @Path("{code}/check-in")
    public Ticket checkIn(@PathParam("code") String code) {
        String canonical = TicketCodes.canonical(code);
        return tickets.checkIn(canonical, Instant.now()).orElseThrow(() -> {
            Ticket existing = tickets.find(canonical).orElseThrow(() -> notFound(code));
            return new ProblemException(new Problem("about:blank", "Conflict", 409,
                    "ticket already checked in at " + existing.checkedInAt(), null,
                    Map.of("checkedInAt", existing.checkedInAt().toString())));
        });
    }

    private static ProblemException notFound(String code) {
        return new ProblemException(Problem.of(404, "Not Found", "no ticket " + code));
    }
}
