package io.crowdsurf.gateway.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.Platform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What operators watch on /q/metrics: inbound messages published vs. dropped as recent duplicates,
 * send attempts by result, and settled replies by outcome (per platform).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    /** The counters once looked up: a registry look-up builds tags and an id on every call, on every webhook. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code result}: published | duplicate. */
    public void inbound(Platform platform, String result, int count) {
        if (count > 0) {
            counter("crowdsurf.gateway.inbound", platform, "result", result).increment(count);
        }
    }

    /** {@code result}: ok | retryable | rejected. */
    public void sendAttempt(Platform platform, String result) {
        counter("crowdsurf.gateway.send.attempts", platform, "result", result).increment();
    }

    /** {@code outcome}: delivered | failed | retry-later. */
    public void reply(Platform platform, String outcome) {
        counter("crowdsurf.gateway.replies", platform, "outcome", outcome).increment();
    }

    private Counter counter(String name, Platform platform, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + platform.id() + '|' + value,
                k -> registry.counter(name, "platform", platform.id(), tag, value));
    }
}
