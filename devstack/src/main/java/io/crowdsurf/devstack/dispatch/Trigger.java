package io.crowdsurf.devstack.dispatch;

import java.util.Objects;

/**
 * One Knative Trigger as the dispatcher needs it.
 *
 * @param name       {@code metadata.name}; names the consumer group and appears on dead letters
 * @param filter     what it selects
 * @param subscriber where matches go
 * @param delivery   retries and dead-lettering
 * @param origin     the manifest it came from, for error messages
 */
public record Trigger(String name, Filter filter, Subscriber subscriber, DeliverySpec delivery, String origin) {

    public Trigger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** The Kafka consumer group of this Trigger: each Trigger sees every event once, independently. */
    public String consumerGroup() {
        return "crowdsurf-dispatcher." + name;
    }
}
