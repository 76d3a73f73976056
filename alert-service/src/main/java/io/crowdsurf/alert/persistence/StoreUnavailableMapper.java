package io.crowdsurf.alert.persistence;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.mongodb.MongoException;

import io.crowdsurf.runtime.rest.Problem;

/**
 * MongoDB away is a 503 the caller may retry (with Retry-After), not a 500. Here rather than in rest/ because it
 * names the driver's exception type, which only persistence/ may import.
 */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    @ServerExceptionMapper
    public Response unavailable(MongoException e) {
        LOG.warnf("answering 503, MongoDB unavailable: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the alert store is unavailable; retry later").toResponse()).header("Retry-After", "5").build();
    }
}
