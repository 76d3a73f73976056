package io.crowdsurf.metrics.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.service.UserAgents;

/**
 * Not ready until the user-agent rules are loaded (with {@code metrics.ready-after-user-agent-rules}, default on):
 * Knative then routes no hit to a pod that would make it wait seconds for enrichment.
 */
@Readiness
@ApplicationScoped
public class UserAgentRulesCheck implements HealthCheck {

    private final UserAgents userAgents;
    private final boolean gate;

    public UserAgentRulesCheck(UserAgents userAgents, MetricsConfig config) {
        this.userAgents = userAgents;
        this.gate = config.readyAfterUserAgentRules() && config.userAgentPreload();
    }

    @Override
    public HealthCheckResponse call() {
        boolean loaded = userAgents.ready();
        return HealthCheckResponse.named("User-agent rules").status(loaded || !gate).withData("loaded", loaded).build();
    }
}
