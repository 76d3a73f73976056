package io.crowdsurf.events;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/** Builds and reads Crowdsurf CloudEvents (spec 1.0) so every service names attributes the same way. */
public final class CrowdsurfEvents {

    /** Extension holding the Kafka record key; keeps one conversation's events in order. */
    public static final String PARTITION_KEY = "partitionkey";
    public static final String JSON = "application/json";
    /**
     * Extension on {@code chat.command.received}: the command's name without the slash ({@code alerts},
     * {@code stats}), so each consumer's Trigger can filter on it and never receives another service's commands.
     */
    public static final String COMMAND = "crowdsurfcommand";

    private CrowdsurfEvents() {
    }

    /**
     * @param id           unique per logical event; deterministic ids (e.g. the platform message id) make
     *                     redeliveries recognisable as duplicates downstream
     * @param source       {@code /crowdsurf/<service>[/<platform>]}
     * @param subject      the entity the event is about
     * @param partitionKey Kafka record key
     */
    public static CloudEvent build(EventType type, String id, String source, String subject, String partitionKey,
            Object data) {
        if (!type.dataClass().isInstance(data)) {
            throw new EventContractException(type.type() + " carries " + type.dataClass().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withType(type.type())
                .withSource(URI.create(source))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(EventJson.write(data));
        if (subject != null) {
            builder.withSubject(subject);
        }
        if (partitionKey != null) {
            builder.withExtension(PARTITION_KEY, partitionKey);
        }
        return builder.build();
    }

    /** The event's data as the record its type declares, validated against the catalog. */
    public static <T> T data(CloudEvent event, Class<T> expected) {
        EventType type = EventType.of(event.getType());
        if (type.dataClass() != expected) {
            throw new EventContractException(event.getType() + " carries " + type.dataClass().getSimpleName()
                    + ", not " + expected.getSimpleName());
        }
        return EventJson.read(event.getData() == null ? null : event.getData().toBytes(), expected);
    }

    /** The {@link #COMMAND} extension value for a command such as {@code /Alerts@MyBot}: {@code alerts}. */
    public static String commandName(String command) {
        String c = command == null ? "" : command.strip();
        if (c.startsWith("/")) {
            c = c.substring(1);
        }
        int at = c.indexOf('@');
        if (at >= 0) {
            c = c.substring(0, at);
        }
        return c.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    public static String partitionKey(CloudEvent event) {
        Object key = event.getExtension(PARTITION_KEY);
        return key == null ? null : key.toString();
    }
}
