package io.crowdsurf.metrics.rest;

import java.util.Base64;

import jakarta.ws.rs.core.Response;

/** Matomo's answers to a tracking request: a 1×1 transparent GIF, or 204 with {@code send_image=0}. */
final class TrackingResponses {

    /** GIF89a, 1×1, one transparent pixel: 43 bytes. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private TrackingResponses() {
    }

    static Response pixel(boolean sendImage) {
        Response.ResponseBuilder r = sendImage ? Response.ok(GIF, "image/gif") : Response.noContent();
        return noStore(r).build();
    }

    /** Tracking answers must never come from a cache (a cached pixel is a lost hit). CORS: {@link TrackingCors}. */
    static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
        return r.header("Cache-Control", "no-cache, no-store, must-revalidate");
    }
}
