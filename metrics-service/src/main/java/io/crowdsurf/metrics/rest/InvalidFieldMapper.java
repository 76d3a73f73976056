package io.crowdsurf.metrics.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.crowdsurf.metrics.domain.InvalidFieldException;
import io.crowdsurf.runtime.rest.Problem;

/** A broken domain rule is the caller's mistake: 400 problem naming the field. */
public class InvalidFieldMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidFieldException e) {
        return Problem.invalid(e.field(), e.getMessage()).toResponse();
    }
}
