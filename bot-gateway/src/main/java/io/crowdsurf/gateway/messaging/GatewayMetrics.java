package io.crowdsurf.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.Platform;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What operators watch on /q/metrics: inbound messages published vs. dropped as recent duplicates,
 * send attempts by result, and settled replies by outcome (per platform).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code result}: published | duplicate. */
    public void inbound(Platform platform, String result, int count) {
        if (count > 0) {
            registry.counter("crowdsurf.gateway.inbound", "platform", platform.id(), "result", result).increment(count);
        }
    }

    /** {@code result}: ok | retryable | rejected. */
    public void sendAttempt(Platform platform, String result) {
        registry.counter("crowdsurf.gateway.send.attempts", "platform", platform.id(), "result", result).increment();
    }

    /** {@code outcome}: delivered | failed | retry-later. */
    public void reply(Platform platform, String outcome) {
        registry.counter("crowdsurf.gateway.replies", "platform", platform.id(), "outcome", outcome).increment();
    }
}
