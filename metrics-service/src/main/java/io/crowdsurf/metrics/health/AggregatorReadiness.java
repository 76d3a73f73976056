package io.crowdsurf.metrics.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.crowdsurf.metrics.messaging.HitConsumer;

/**
 * DOWN while the aggregator's batches fail (MongoDB away): the hits wait in Kafka and are applied once it is
 * back. The MongoDB and Kafka client checks of Quarkus report the connections themselves.
 */
@Readiness
@ApplicationScoped
public class AggregatorReadiness implements HealthCheck {

    private final HitConsumer consumer;

    public AggregatorReadiness(HitConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        String failing = consumer.enabled() ? consumer.failing() : null;
        return HealthCheckResponse.named("metrics-aggregator").status(failing == null)
                .withData("applied", consumer.applied()).withData("error", failing == null ? "" : failing).build();
    }
}
