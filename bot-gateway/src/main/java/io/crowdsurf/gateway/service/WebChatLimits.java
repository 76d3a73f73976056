package io.crowdsurf.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.AdmissionLimiter;

/**
 * The web chat's flood guard: nobody stands in front of it the way the platforms throttle their own users, so
 * every message is charged to its client (remote address) and then to its session. Checked after the message
 * is validated and before it is published, so a refused message costs two map look-ups and nothing downstream.
 */
@ApplicationScoped
public class WebChatLimits {

    private final AdmissionLimiter perClient;
    private final AdmissionLimiter perSession;

    public WebChatLimits(GatewayConfig config) {
        GatewayConfig.WebChat w = config.webchat();
        this.perClient = new AdmissionLimiter(w.clientRate(), w.clientBurst(), w.limitKeys());
        this.perSession = new AdmissionLimiter(w.sessionRate(), w.sessionBurst(), w.limitKeys());
    }

    /** @return 0 when the message may go on, else the nanoseconds the sender should wait (for Retry-After) */
    public long admit(String client, String session, long nowNanos) {
        long wait = perClient.tryAcquire(client, nowNanos);
        return wait > 0 ? wait : perSession.tryAcquire(session, nowNanos);
    }
}
