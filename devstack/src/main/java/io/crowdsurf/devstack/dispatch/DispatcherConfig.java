package io.crowdsurf.devstack.dispatch;

import java.util.List;

/**
 * @param bootstrapServers Kafka
 * @param topic            where events are read and replies written ({@code crowdsurf.events})
 * @param dlqTopic         where failed deliveries go ({@code crowdsurf.events.dlq})
 * @param triggers         the routing table
 * @param subscribers      where each Service runs
 * @param initialOffset    where a Trigger's new consumer group starts: {@code earliest} (default; nothing
 *                         produced while the dispatcher was starting is missed) or {@code latest}
 */
public record DispatcherConfig(String bootstrapServers, String topic, String dlqTopic, List<Trigger> triggers,
        SubscriberTable subscribers, String initialOffset) {

    public static final String EVENTS = "crowdsurf.events";
    public static final String DLQ = "crowdsurf.events.dlq";

    public DispatcherConfig {
        triggers = List.copyOf(triggers);
        if (!initialOffset.equals("earliest") && !initialOffset.equals("latest")) {
            throw new IllegalArgumentException("initial offset must be earliest or latest, was " + initialOffset);
        }
    }
}
