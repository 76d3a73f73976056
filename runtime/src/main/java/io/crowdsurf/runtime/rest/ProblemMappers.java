package io.crowdsurf.runtime.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.crowdsurf.runtime.messaging.EventNotDurableException;

/**
 * Turns every failure of a REST resource into a problem body ({@link ErrorPolicy}): bad input is a 4xx that says
 * what is wrong, Kafka trouble is a 503 the caller may retry, and anything else a 500 with a logged error id and
 * no stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response notDurable(EventNotDurableException e) {
        LOG.warnf("answering 503: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the event store is unavailable; retry later").toResponse()).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                        .reduce((a, b) -> a + "." + b).orElse(null)
                : null;
        return new Problem("about:blank", "Bad Request", 400, "malformed JSON: " + e.getOriginalMessage(), field, null)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.hasEntity()) {
            return r;
        }
        Response.StatusType status = r.getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return ErrorPolicy.unexpected(LOG, "request", e, "unexpected error; it has been logged").toResponse();
    }
}
