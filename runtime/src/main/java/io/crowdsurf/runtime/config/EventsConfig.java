package io.crowdsurf.runtime.config;

import java.util.List;
import java.util.Optional;

import io.crowdsurf.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The event settings every service shares ({@code crowdsurf.events.*}; environment variables
 * {@code CROWDSURF_EVENTS_*} override). Usage: inject it by constructor,
 * {@code public MyPublisher(EventsConfig events) { ... events.signingKey() ... }}; in a plain unit test build one
 * with a small record or lambda-free stub implementing the interface.
 */
@ConfigMapping(prefix = "crowdsurf.events")
public interface EventsConfig {

    /** The topic EventPublisher writes to: the Knative Kafka Broker's topic. */
    @WithDefault(Topics.EVENTS)
    String topic();

    /** The HMAC key every service signs its events with ({@code CROWDSURF_EVENTS_SIGNING_KEY}); unset or blank = no signing (dev only). */
    Optional<String> signingKey();

    /** How long a publish may wait for Kafka's ack before it fails (and the caller answers 503). */
    @WithDefault("5000")
    long publishTimeoutMs();

    /** Producer linger: small, because every publish waits for its ack. */
    @WithDefault("1")
    int lingerMs();

    /** The function endpoints' CloudEventGuard. */
    Guard guard();

    /** The signing key when one is set and not blank. */
    default Optional<String> activeSigningKey() {
        return signingKey().map(String::strip).filter(k -> !k.isEmpty());
    }

    /** What the guard in front of the Funqy functions accepts. */
    interface Guard {

        /** Extra accepted CloudEvent types, besides those the catalog says {@link #consumer()} consumes. */
        Optional<List<String>> types();

        /** The service id ({@code events.Service}) whose catalog types the functions take; unset = guard off unless {@link #types()}. */
        Optional<String> consumer();

        /** Refuse (401) events without a {@code crowdsurfsig} extension when a signing key is set. */
        @WithDefault("false")
        boolean requireSignature();
    }
}
