package io.crowdsurf.metrics.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.QueryStrings;
import io.crowdsurf.metrics.service.IngestService;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /t.gif?idsite=1&rec=1&url=…}: a tracking pixel for places that can only embed an image (e-mails,
 * no-script pages). The same parameters as matomo.php; the answer is always the GIF (or a 400 for a request
 * Matomo would refuse). {@code rec} defaults to 1 here: an image tag has nothing else to say.
 */
@Path("/t.gif")
public class PixelResource {

    private final IngestService ingest;
    private final ClientInfo client;
    private final AdminToken token;
    private final Offload offload;

    public PixelResource(IngestService ingest, ClientInfo client, AdminToken token, Offload offload) {
        this.ingest = ingest;
        this.client = client;
        this.token = token;
        this.offload = offload;
    }

    @GET
    public Uni<Response> pixel(HttpServerRequest request) {
        Instant now = Instant.now();
        Map<String, String> params = QueryStrings.parse(request.query());
        params.putIfAbsent("rec", "1");
        return offload.run(() -> {
            Outcome outcome = ingest.track(List.of(client.input(request, params, now,
                    token.matches(params.get("token_auth"))))).get(0);
            if (outcome instanceof Outcome.Invalid invalid) {
                throw new ProblemException(Problem.invalid(invalid.field(), invalid.reason()));
            }
            return TrackingResponses.pixel(true);
        });
    }
}
