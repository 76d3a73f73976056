package io.crowdsurf.events;

import java.util.List;

/**
 * The Kafka topics of the contract. Usage: {@code Topics.EVENTS} where a topic name is needed in code; the
 * services read theirs from {@code crowdsurf.events.topic} (runtime's {@code EventsConfig}), whose default is
 * this constant, so production and tests agree without repeating the literal.
 */
public final class Topics {

    /** The Knative Kafka Broker's topic: every CloudEvent routed by Triggers. */
    public static final String EVENTS = "crowdsurf.events";
    /** metrics-service's raw hits, read directly by its aggregator (the Broker never sees them). */
    public static final String HITS = "crowdsurf.hits";
    /** Where the Broker (or the local dispatcher) puts events a subscriber kept refusing. */
    public static final String DLQ = "crowdsurf.events.dlq";

    /** All of them, in creation order. */
    public static final List<String> ALL = List.of(EVENTS, HITS, DLQ);

    private Topics() {
    }
}
