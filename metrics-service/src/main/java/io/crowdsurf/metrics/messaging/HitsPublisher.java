package io.crowdsurf.metrics.messaging;

import java.util.Optional;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * The runtime's ack-waiting publisher, writing to the hits topic ({@code metrics.hits-topic}) instead of
 * {@code crowdsurf.events}: same binary-mode CloudEvents, same {@code acks=all} idempotent producer, same bounded
 * wait ({@link EventsConfig}; Kafka away → {@code EventNotDurableException} → 503). Hits are not signed unless
 * {@code metrics.sign-hits}: the signature protects events that the Broker delivers to public HTTP endpoints, and hits
 * never go there (the aggregator reads the topic, whose writers Kafka's ACLs decide); signing cost 8.5 % of the CPU of
 * bulk ingest in a JFR profile. Typed to itself so
 * that it never competes with the plain {@link EventPublisher} bean. {@code @Singleton}: the superclass has no
 * no-args constructor for a client proxy; the producer is closed by the superclass's {@code @PreDestroy}.
 */
@Singleton
@Typed(HitsPublisher.class)
public class HitsPublisher extends EventPublisher {

    public HitsPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            EventsConfig events, MetricsConfig config) {
        super(bootstrap, new HitsEvents(events, config.hitsTopic(), config.hitsLingerMs(), config.signHits()));
    }

    /** The shared event settings with the hits topic, the hits linger and (unless {@code metrics.sign-hits}) no signing. */
    record HitsEvents(EventsConfig shared, String topic, int lingerMs, boolean sign) implements EventsConfig {

        @Override
        public Optional<String> signingKey() {
            return sign ? shared.signingKey() : Optional.empty();
        }

        @Override
        public long publishTimeoutMs() {
            return shared.publishTimeoutMs();
        }

        @Override
        public Guard guard() {
            return shared.guard();
        }
    }
}
