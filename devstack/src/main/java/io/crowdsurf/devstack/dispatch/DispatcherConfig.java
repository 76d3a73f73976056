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
 *                         has at most one, in offset order); the start and ceiling of the adaptive limit
 * @param minInFlight      the floor of the adaptive limit ({@link AimdLimit}): while deliveries get slower (the
 *                         machine busy with ingest) the limit falls towards it; {@code == maxInFlight} = fixed
 */
public record DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
        SubscriberTable subscribers, String initialOffset, int maxInFlight, int minInFlight) {

    public static final String EVENTS = Topics.EVENTS;
    public static final String DLQ = Topics.DLQ;
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;

    /** With the default {@link #DEFAULT_MAX_IN_FLIGHT}. */
    public DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
            SubscriberTable subscribers, String initialOffset) {
        this(bootstrapServers, topic, dlqTopic, triggers, subscribers, initialOffset, DEFAULT_MAX_IN_FLIGHT);
    }

    /** With the default floor, {@link #defaultMinInFlight(int)}. */
    public DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
            SubscriberTable subscribers, String initialOffset, int maxInFlight) {
        this(bootstrapServers, topic, dlqTopic, triggers, subscribers, initialOffset, maxInFlight,
                defaultMinInFlight(maxInFlight));
    }

    /** A sixteenth of the ceiling (4 of the default 64), at least 1: enough to keep every consumer moving. */
    public static int defaultMinInFlight(int maxInFlight) {
        return Math.max(1, maxInFlight / 16);
    }

    public DispatcherConfig {
        triggers = List.copyOf(triggers);
        if (!initialOffset.equals("earliest") && !initialOffset.equals("latest")) {
            throw new IllegalArgumentException("initial offset must be earliest or latest, was " + initialOffset);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1, was " + maxInFlight);
        }
        if (minInFlight < 1 || minInFlight > maxInFlight) {
            throw new IllegalArgumentException("min in flight must be between 1 and max in flight (" + maxInFlight
                    + "), was " + minInFlight);
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
