package io.crowdsurf.devstack.dispatch;

import java.util.List;

import io.crowdsurf.events.Topics;

/**
 * @param bootstrapServers Kafka
 * @param topic            where events are read and replies written ({@code crowdsurf.events})
 * @param dlqTopic         where failed deliveries go ({@code crowdsurf.events.dlq})
 * @param triggers         the routing table
 * @param subscribers      where each Service runs
 * @param initialOffset    where a Trigger's new consumer group starts: {@code earliest} (default; nothing
 *                         produced while the dispatcher was starting is missed) or {@code latest}
 * @param maxInFlight      per Trigger, how many HTTP deliveries may be in flight at once (across keys; one key
 *                         has at most one, in offset order)
 */
public record DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
        SubscriberTable subscribers, String initialOffset, int maxInFlight) {

    public static final String EVENTS = Topics.EVENTS;
    public static final String DLQ = Topics.DLQ;
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;

    /** With the default {@link #DEFAULT_MAX_IN_FLIGHT}. */
    public DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
            SubscriberTable subscribers, String initialOffset) {
        this(bootstrapServers, topic, dlqTopic, triggers, subscribers, initialOffset, DEFAULT_MAX_IN_FLIGHT);
    }

    public DispatcherConfig {
        triggers = List.copyOf(triggers);
        if (!initialOffset.equals("earliest") && !initialOffset.equals("latest")) {
            throw new IllegalArgumentException("initial offset must be earliest or latest, was " + initialOffset);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1, was " + maxInFlight);
        }
    }

    /**
     * How many unfinished records one consumer group member holds (in flight, waiting for a slot, or queued
     * behind an earlier record of the same key) before it stops fetching until half of them are done.
     */
    public int maxBuffered() {
        return Math.max(4 * maxInFlight, 256);
    }
}
