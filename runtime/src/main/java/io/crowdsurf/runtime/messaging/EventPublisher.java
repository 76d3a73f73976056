package io.crowdsurf.runtime.messaging;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import io.crowdsurf.events.EventType;
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
     * The record {@link #publishAll} sends for {@code CrowdsurfEvents.build(type, id, source, subject, partitionKey,
     * data)} plus {@code extensions} (name/value pairs), signed when a signing key is set, built without the CloudEvents
     * SDK from JSON {@code data} written once ({@link KafkaCodec#binaryRecord}). For {@link #sendAll}/{@link #sendAllAsync}.
     */
    public ProducerRecord<String, byte[]> record(EventType type, String id, String source,
            String subject, String partitionKey, OffsetDateTime time, byte[] data, String... extensions) {
        if (signingKey.isEmpty()) {
            return KafkaCodec.binaryRecord(topic, type, id, source, subject, partitionKey, time, data, extensions);
        }
        String[] signed = Arrays.copyOf(extensions, extensions.length + 2);
        signed[extensions.length] = EventSignature.EXTENSION;
        signed[extensions.length + 1] = EventSignature.compute(signingKey.get(), id, type.type(), source, data);
        return KafkaCodec.binaryRecord(topic, type, id, source, subject, partitionKey, time, data, signed);
    }

    /**
     * Sends records already in {@link KafkaCodec}'s binary form (pipelined, one producer batch per partition when they
     * fit) and waits <em>once</em> until Kafka acknowledged every one: a countdown in the send callback instead of a
     * future per record, for callers that publish hundreds of records per request and need no record metadata.
     * Same guarantee and failures as {@link #publishAll}: all acknowledged, or {@link EventNotDurableException}.
     */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        await(sendAllAsync(records));
    }

    /**
     * Waits for a future built on {@link #sendAllAsync} (bounded: that one fails after the publish timeout) and
     * returns its value; every failure comes out as {@link EventNotDurableException}.
     */
    public static <T> T await(CompletableFuture<T> acked) {
        try {
            return acked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotDurableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EventNotDurableException nd ? nd
                    : new EventNotDurableException("cannot send to Kafka: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * {@link #sendAll} without a waiting thread: the future completes (on the producer's I/O thread, or on the
     * timer thread for the timeout) once Kafka acknowledged every record, and fails with
     * {@link EventNotDurableException} when one was refused or the acks took longer than the publish timeout. For
     * request handlers that complete on the event loop. {@code producer.send} itself may block up to the publish
     * timeout while the producer has no metadata for the topic; {@link #sendsWithoutBlocking()} says when it will not.
     */
    public CompletableFuture<Void> sendAllAsync(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Acks acks = new Acks(records.size());
        try {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, acks);
            }
        } catch (RuntimeException e) {
            acks.result.completeExceptionally(new EventNotDurableException("cannot send to Kafka: " + e.getMessage(), e));
        }
        return acks.result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).exceptionallyCompose(this::notDurable);
    }

    private CompletableFuture<Void> notDurable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof EventNotDurableException) {
            return CompletableFuture.failedFuture(cause);
        }
        if (cause instanceof TimeoutException) {
            return CompletableFuture.failedFuture(new EventNotDurableException("Kafka did not acknowledge within "
                    + timeoutMs + " ms", cause));
        }
        return CompletableFuture.failedFuture(new EventNotDurableException("Kafka refused the event: "
                + cause.getMessage(), cause));
    }

    /** How recent an ack must be for {@link #sendsWithoutBlocking()}: far below the producer's metadata idle expiry (5 min). */
    private static final long WARM_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * True when {@link #sendAll}/{@link #sendAllAsync} had an ack within the last second: the producer then holds the
     * topic's metadata and Kafka is taking records, so {@code producer.send} appends to a batch and returns without
     * blocking (it blocks only to fetch metadata, or when its buffer is full, which a Kafka away for under a second
     * cannot cause at webhook rates). False after start, after an idle second and while Kafka is away: callers on
     * an event loop then send from another thread.
     */
    public boolean sendsWithoutBlocking() {
        return System.nanoTime() - lastAckNanos < WARM_NANOS;
    }

    private volatile long lastAckNanos = System.nanoTime() - 2 * WARM_NANOS;

    /** Counts acknowledgements down; the first failure ends the wait (the request fails as a whole). */
    private final class Acks implements Callback {
        private final AtomicInteger pending;
        private final CompletableFuture<Void> result = new CompletableFuture<>();

        Acks(int n) {
            this.pending = new AtomicInteger(n);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                result.completeExceptionally(new EventNotDurableException("Kafka refused the event: "
                        + exception.getMessage(), exception));
            } else {
                lastAckNanos = System.nanoTime();
                if (pending.decrementAndGet() == 0) {
                    result.complete(null);
                }
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
