package io.crowdsurf.runtime.guard;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.runtime.rest.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Ends a Vert.x request with a problem+json body; a 503 or 429 says when to retry. */
final class ProblemResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponse() {
    }

    static void send(RoutingContext ctx, Problem problem) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            json = ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 503 || problem.status() == 429) {
            response.putHeader("Retry-After", "1");
        }
        response.end(Buffer.buffer(json));
    }
}
