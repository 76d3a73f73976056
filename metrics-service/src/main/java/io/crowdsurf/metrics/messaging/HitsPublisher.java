package io.crowdsurf.metrics.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * The runtime's ack-waiting publisher, writing to the hits topic ({@code metrics.hits-topic}) instead of
 * {@code crowdsurf.events}: same binary-mode CloudEvents, same {@code acks=all} idempotent producer, same bounded
 * wait ({@link EventsConfig}; Kafka away → {@code EventNotDurableException} → 503). Hits are not signed unless
 * {@code metrics.sign-hits}: the signature protects events that the Broker delivers to public HTTP endpoints, and hits
 * never go there (the aggregator reads the topic, whose writers Kafka's ACLs decide); signing cost 8.5 % of the CPU of
 * bulk ingest in a JFR profile.
 *
 * <p>Unsigned hits skip the CloudEvents SDK: each hit's JSON is written once ({@link HitJson}) straight into a
 * record with the same headers ({@link KafkaCodec#binaryRecord}), and a request's hits are sent together with one
 * wait for all their acks ({@link EventPublisher#sendAll}). The producer is tuned for that shape
 * ({@code metrics.hits-batch-bytes}; {@code metrics.hits-compression}, off by default).
 *
 * <p>Typed to itself so that it never competes with the plain {@link EventPublisher} bean. {@code @Singleton}: the
 * superclass has no no-args constructor for a client proxy; the producer is closed by the superclass's
 * {@code @PreDestroy}.
 */
@Singleton
@Typed(HitsPublisher.class)
public class HitsPublisher extends EventPublisher {

    private final String topic;
    private final String source;
    private final boolean sign;

    public HitsPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            EventsConfig events, MetricsConfig config) {
        super(bootstrap, new HitsEvents(events, config.hitsTopic(), config.hitsLingerMs(), config.signHits()),
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, config.hitsBatchBytes(),
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, config.hitsCompression()));
        this.topic = config.hitsTopic();
        this.source = config.eventSource();
        this.sign = config.signHits() && events.activeSigningKey().isPresent();
    }

    /**
     * Writes the hits to the hits topic, keyed by visitor, and returns once Kafka acknowledged every one.
     *
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when it did not
     */
    public void publishHits(List<HitTracked> hits) {
        if (hits.isEmpty()) {
            return;
        }
        if (sign) {
            List<CloudEvent> events = new ArrayList<>(hits.size());
            for (HitTracked h : hits) {
                events.add(CrowdsurfEvents.build(EventType.METRICS_HIT_TRACKED, h.hitId(), source, h.siteId(),
                        h.visitorId(), h));
            }
            publishAll(events);
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        HitJson.InstantText times = new HitJson.InstantText();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(hits.size());
        for (HitTracked h : hits) {
            records.add(KafkaCodec.binaryRecord(topic, EventType.METRICS_HIT_TRACKED, h.hitId(), source, h.siteId(),
                    h.visitorId(), now, HitJson.write(h, times)));
        }
        sendAll(records);
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
