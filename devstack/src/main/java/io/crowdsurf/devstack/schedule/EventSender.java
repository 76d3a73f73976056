package io.crowdsurf.devstack.schedule;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;

/**
 * Puts one catalog event on {@code crowdsurf.events} as the broker would store it (binary mode), signed with
 * {@code CROWDSURF_EVENTS_SIGNING_KEY} when set; waits for Kafka's ack. The data must read as the type's record.
 */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Optional<String> key;

    public EventSender(String bootstrap, String topic, Optional<String> signingKey) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.key = signingKey.filter(k -> !k.isBlank());
    }

    /** @throws IllegalArgumentException for a type not in the catalog or data that is not its record */
    public static CloudEvent event(String type, String id, String source, String json) {
        EventType t = EventType.find(type).orElseThrow(() -> new IllegalArgumentException("'" + type
                + "' is not in the event catalog (events/EventType.java)"));
        Object data;
        try {
            data = EventJson.read(json.getBytes(StandardCharsets.UTF_8), t.dataClass());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the data is not a " + t.dataClass().getSimpleName() + ": " + e.getMessage());
        }
        if (data == null) {
            throw new IllegalArgumentException("the data must be a JSON object");
        }
        CloudEvent built = CrowdsurfEvents.build(t, id, source, null, id, data);
        return CloudEventBuilder.v1(built).withTime(OffsetDateTime.now(ZoneOffset.UTC)).withSource(URI.create(source)).build();
    }

    public CloudEvent send(CloudEvent event) throws Exception {
        CloudEvent out = key.map(k -> EventSignature.sign(k, event)).orElse(event);
        producer.send(KafkaCodec.toRecord(topic, out)).get(20, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
