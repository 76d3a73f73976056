package io.crowdsurf.metrics.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.crowdsurf.metrics.persistence.StoreUnavailableException;
import io.crowdsurf.runtime.rest.Problem;

/** MongoDB away (a site not in the cache, the sites API): 503 with Retry-After, nothing claimed as done. */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e) {
        LOG.warnf("answering 503: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the site store is unavailable; retry later").toResponse()).header("Retry-After", "5").build();
    }
}
