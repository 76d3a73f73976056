package io.crowdsurf.metrics.messaging;

import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * The runtime's ack-waiting publisher, writing to the hits topic ({@code metrics.hits-topic}) instead of
 * {@code crowdsurf.events}: same binary-mode CloudEvents, same {@code acks=all} idempotent producer, same
 * bounded wait (Kafka away → {@code EventNotDurableException} → 503). Typed to itself so that it never
 * competes with the plain {@link EventPublisher} bean. {@code @Singleton}: the superclass has no no-args constructor
 * for a client proxy; the producer is closed by the superclass's {@code @PreDestroy}.
 */
@Singleton
@Typed(HitsPublisher.class)
public class HitsPublisher extends EventPublisher {

    public HitsPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            MetricsConfig config,
            @ConfigProperty(name = "crowdsurf.events.publish-timeout-ms", defaultValue = "5000") long timeoutMs,
            @ConfigProperty(name = "crowdsurf.events.signing-key") Optional<String> signingKey) {
        super(bootstrap, config.hitsTopic(), timeoutMs, config.hitsLingerMs(), signingKey);
    }
}
