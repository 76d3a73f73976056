package io.crowdsurf.metrics.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.service.ClickContext;
import io.crowdsurf.metrics.service.LinkService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /l/{code}}: 302 to the registered target (and the click recorded), or to the base URL for an unknown,
 * expired or malformed code. Never cached: every click must reach us to be counted. On a virtual thread: the redirect
 * waits (boundedly) for Kafka's ack of the click, and a Kafka outage must not tie up the worker pool.
 */
@Path("/l/{code}")
public class RedirectResource {

    private final LinkService links;
    private final boolean trustForwardedFor;

    public RedirectResource(LinkService links, MetricsConfig config) {
        this.links = links;
        this.trustForwardedFor = config.trustForwardedFor();
    }

    @GET
    @RunOnVirtualThread
    public Response follow(@PathParam("code") String code, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
            @HeaderParam("Referer") String referrer, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String language,
            @HeaderParam("X-Forwarded-For") String forwardedFor, HttpServerRequest request) {
        String ip = trustForwardedFor && forwardedFor != null && !forwardedFor.isBlank()
                ? forwardedFor.split(",", 2)[0].strip()
                : request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return Response.status(Response.Status.FOUND)
                .location(links.follow(code, new ClickContext(ip, userAgent, referrer, language)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Referrer-Policy", "no-referrer-when-downgrade")
                .build();
    }
}
