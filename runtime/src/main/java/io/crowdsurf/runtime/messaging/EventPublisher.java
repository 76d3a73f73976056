package io.crowdsurf.runtime.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.runtime.config.EventsConfig;

/**
 * Writes CloudEvents straight to Kafka (binary mode) and returns only once Kafka acknowledged them
 * ({@code acks=all}, idempotent), within a bounded time. Callers that must not claim success for
 * something that is not durable (webhooks) rely on the exception. Settings: {@link EventsConfig}. With {@code crowdsurf.events.signing-key}
 * ({@code CROWDSURF_EVENTS_SIGNING_KEY}) set, every event carries an {@link EventSignature}.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long timeoutMs;
    private final Optional<String> signingKey;

    @Inject
    public EventPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            EventsConfig events) {
        this(bootstrap, events, Map.of());
    }

    /**
     * @param tuning further producer settings (batch size, compression, ...) for a publisher with its own traffic
     *               shape; the durability settings (acks, idempotence, timeouts) cannot be overridden
     */
    protected EventPublisher(String bootstrap, EventsConfig events, Map<String, Object> tuning) {
        this(bootstrap, events.topic(), events.publishTimeoutMs(), events.lingerMs(), events.activeSigningKey(), tuning);
    }

    EventPublisher(String bootstrap, String topic, long timeoutMs, int lingerMs, Optional<String> signingKey) {
        this(bootstrap, topic, timeoutMs, lingerMs, signingKey, Map.of());
    }

    EventPublisher(String bootstrap, String topic, long timeoutMs, int lingerMs, Optional<String> signingKey,
            Map<String, Object> tuning) {
        this.signingKey = signingKey.filter(k -> !k.isBlank());
        this.topic = topic;
        this.timeoutMs = timeoutMs;
        Map<String, Object> settings = new HashMap<>(tuning);
        settings.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                // Bounded: a send that cannot complete in time fails instead of queueing forever.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                // Kafka requires delivery.timeout >= linger + request.timeout.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs(timeoutMs, lingerMs),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryTimeoutMs(timeoutMs, lingerMs) - lingerMs,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    static int deliveryTimeoutMs(long timeoutMs, int lingerMs) {
        return (int) Math.max(timeoutMs, lingerMs + 1000L);
    }

    /** Publishes one event and waits for Kafka's ack. */
    public RecordMetadata publish(CloudEvent event) {
        return publishAll(List.of(event)).get(0);
    }

    /** Publishes several events (pipelined) and waits until Kafka acknowledged all of them. */
    public List<RecordMetadata> publishAll(List<CloudEvent> events) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        try {
            for (CloudEvent event : events) {
                CloudEvent out = signingKey.map(key -> EventSignature.sign(key, event)).orElse(event);
                sends.add(producer.send(KafkaCodec.toRecord(topic, out)));
            }
            List<RecordMetadata> acks = new ArrayList<>(sends.size());
            for (Future<RecordMetadata> send : sends) {
                long left = Math.max(1, deadline - System.nanoTime());
                acks.add(send.get(left, TimeUnit.NANOSECONDS));
            }
            return acks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotDurableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new EventNotDurableException("Kafka refused the event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotDurableException("Kafka did not acknowledge within " + timeoutMs + " ms", e);
        } catch (RuntimeException e) {
            throw new EventNotDurableException("cannot send to Kafka: " + e.getMessage(), e);
        }
    }

    /**
     * Sends records already in {@link KafkaCodec}'s binary form (pipelined, one producer batch per partition when they
     * fit) and waits <em>once</em> until Kafka acknowledged every one: a countdown in the send callback instead of a
     * future per record, for callers that publish hundreds of records per request and need no record metadata.
     * Same guarantee and failures as {@link #publishAll}: all acknowledged, or {@link EventNotDurableException}.
     */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Acks acks = new Acks(records.size());
        try {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, acks);
            }
            if (!acks.done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new EventNotDurableException("Kafka did not acknowledge within " + timeoutMs + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotDurableException("interrupted while waiting for Kafka", e);
        } catch (EventNotDurableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventNotDurableException("cannot send to Kafka: " + e.getMessage(), e);
        }
        Exception failure = acks.failure;
        if (failure != null) {
            throw new EventNotDurableException("Kafka refused the event: " + failure.getMessage(), failure);
        }
    }

    /** Counts acknowledgements down; the first failure ends the wait (the request fails as a whole). */
    private static final class Acks implements Callback {
        private final AtomicInteger pending;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Exception failure;

        Acks(int n) {
            this.pending = new AtomicInteger(n);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                if (failure == null) {
                    failure = exception;
                }
                done.countDown();
            } else if (pending.decrementAndGet() == 0) {
                done.countDown();
            }
        }
    }

    public String topic() {
        return topic;
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
