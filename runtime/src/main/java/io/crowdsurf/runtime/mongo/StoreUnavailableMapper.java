package io.crowdsurf.runtime.mongo;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.mongodb.MongoException;

import io.crowdsurf.runtime.rest.Problem;

/**
 * MongoDB away is a 503 problem+json the caller may retry (with Retry-After), never a 500: for a repository's
 * {@link StoreUnavailableException} and for a driver exception that reaches a resource. One mapper for every
 * service that stores in MongoDB; here because it names the driver's exception type.
 */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    /** Seconds a client should wait before retrying. */
    static final String RETRY_AFTER = "5";

    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public Response unavailable(MongoException e) {
        return answer(e);
    }

    private static Response answer(RuntimeException e) {
        LOG.warnf("answering 503, MongoDB unavailable: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the store is unavailable; retry later").toResponse()).header("Retry-After", RETRY_AFTER).build();
    }
}
