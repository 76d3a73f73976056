package io.crowdsurf.metrics.rest;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.IpRanges;
import io.crowdsurf.metrics.domain.TrackingInput;
import io.vertx.core.http.HttpServerRequest;

/** What an HTTP request says about its client: address (optionally from X-Forwarded-For), user agent, language. */
@ApplicationScoped
public class ClientInfo {

    private final boolean trustForwardedFor;

    public ClientInfo(MetricsConfig config) {
        this.trustForwardedFor = config.trustForwardedFor();
    }

    public TrackingInput input(HttpServerRequest request, Map<String, String> params, Instant receivedAt,
            boolean authenticated) {
        return new TrackingInput(params, address(request), request.getHeader("User-Agent"),
                request.getHeader("Accept-Language"), receivedAt, authenticated);
    }

    String address(HttpServerRequest request) {
        if (trustForwardedFor) {
            String xff = request.getHeader("X-Forwarded-For");
            if (xff != null) {
                String first = xff.split(",", 2)[0].strip();
                if (IpRanges.parse(first) != null) {
                    return first;
                }
            }
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
