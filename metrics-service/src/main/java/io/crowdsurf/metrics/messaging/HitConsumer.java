package io.crowdsurf.metrics.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.config.ReportsConfig;
import io.crowdsurf.metrics.persistence.RollupRepository;
import io.crowdsurf.metrics.persistence.VisitorRepository;
import io.crowdsurf.metrics.service.Aggregator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The aggregator's Kafka consumer of {@code crowdsurf.hits}: one thread, manual offsets. Each partition's part of
 * a poll is applied as one batch, then its offset committed. A failed batch (MongoDB away, a lost
 * compare-and-set) is not committed: the partition is sought back to the batch's first offset and polled again
 * after a back-off, so consumption pauses while MongoDB is away and nothing is lost. Scale out by running more
 * instances in the same group (at most one per partition).
 * <p>
 * The thread never dies of a failure: an {@link Error} such as {@link OutOfMemoryError} in a batch is treated as
 * a failed batch (the batch's heap is garbage once it unwinds; the replay is safe because every document carries
 * its offset), and one outside a batch (in a poll) closes the consumer and starts a new one from the committed
 * offsets. While a partition keeps failing, or the thread has stopped without being told to, readiness is DOWN
 * with the error ({@link #failing()}), so the pod is taken out of service instead of silently not aggregating.
 */
@ApplicationScoped
public class HitConsumer {

    private static final Logger LOG = Logger.getLogger(HitConsumer.class);

    private final Aggregator aggregator;
    private final ReportsConfig config;
    private final RollupRepository rollups;
    private final VisitorRepository visitors;
    private final String bootstrap;
    private final String topic;
    /** A failure outside any batch (a poll, the consumer's creation), cleared by the next successful poll. */
    private final AtomicReference<String> lastError = new AtomicReference<>();
    /** Partitions whose last batch failed, with the error; a partition's next applied batch clears it. */
    private final Map<Integer, String> failingPartitions = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running;
    private boolean partitionsNoted;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public HitConsumer(Aggregator aggregator, ReportsConfig config, RollupRepository rollups,
            VisitorRepository visitors, MetricsConfig metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.topic = metrics.hitsTopic();
        this.aggregator = aggregator;
        this.config = config;
        this.rollups = rollups;
        this.visitors = visitors;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent ev) {
        if (!config.aggregatorEnabled()) {
            LOG.info("aggregator disabled (metrics.reports.aggregator-enabled=false)");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("hit-aggregator").daemon()
                .uncaughtExceptionHandler((t, e) -> {
                    // Not expected (run() catches every Throwable), but if it happens readiness must say so.
                    lastError.set("aggregator thread died: " + e);
                    LOG.errorf(e, "aggregator thread died");
                }).start(this::run);
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Why the aggregator is not applying hits — a partition whose batches fail (MongoDB away, an out-of-memory
     * error), a failing poll, or a thread that stopped without a shutdown — or null when it is healthy.
     */
    public String failing() {
        String e = lastError.get();
        if (e != null) {
            return e;
        }
        Thread t = thread;
        if (running && t != null && !t.isAlive()) {
            return "aggregator thread stopped";
        }
        for (Map.Entry<Integer, String> f : failingPartitions.entrySet()) {
            return "partition " + f.getKey() + ": " + f.getValue();
        }
        return null;
    }

    public boolean enabled() {
        return config.aggregatorEnabled();
    }

    /** Hits applied since start (for the bench and logs). */
    public long applied() {
        return applied.get();
    }

    private void run() {
        long backoff = config.retryBackoff().toMillis();
        boolean indexed = false;
        while (running) {
            try {
                if (!indexed) {
                    rollups.ensureIndexes();
                    visitors.ensureIndexes();
                    indexed = true;
                }
                consume();
            } catch (WakeupException e) {
                break;
            } catch (Throwable e) { // NOPMD: an Error too: this thread must outlive it (see the class comment)
                lastError.set(e.toString());
                failingPartitions.clear(); // a new consumer starts from the committed offsets
                LOG.warnf("aggregator: %s; restarting the consumer", e.toString());
                pause(backoff);
            }
        }
        LOG.info("aggregator stopped");
    }

    private void consume() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // What the consumer buffers ahead of the batches is bounded too (Kafka's default is 50 MB a fetch).
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.fetchMaxBytes());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.min(config.fetchMaxBytes(), 2 * 1024 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> {
                        aggregator.forget(tp.partition());
                        // Its new owner retries it and reports for itself: not a reason for this one to be DOWN.
                        failingPartitions.remove(tp.partition());
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> aggregator.forget(tp.partition()));
                    partitionsNoted = false;
                }
            });
            long base = config.retryBackoff().toMillis();
            long backoff = base;
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(config.pollTimeout());
                lastError.set(null);
                boolean failed = false;
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> list = records.records(tp);
                    List<Aggregator.Hit> hits = new ArrayList<>(list.size());
                    for (ConsumerRecord<String, byte[]> r : list) {
                        hits.add(new Aggregator.Hit(r.offset(), decode(r)));
                    }
                    try {
                        if (!partitionsNoted) {
                            // Reports read one rollup per partition: they must know how many there are.
                            rollups.notePartitions(c.partitionsFor(topic).size());
                            partitionsNoted = true;
                        }
                        aggregator.apply(tp.partition(), hits);
                        long next = list.get(list.size() - 1).offset() + 1;
                        commit(c, tp, next);
                        applied.addAndGet(list.size());
                        lastSuccess.set(Instant.now().toEpochMilli());
                        failingPartitions.remove(tp.partition());
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException | Error e) { // NOPMD: an OutOfMemoryError fails the batch, not the thread
                        failed = true;
                        hits = null; // let the batch's garbage go before anything else is tried
                        aggregator.forget(tp.partition());
                        c.seek(tp, list.get(0).offset());
                        failingPartitions.put(tp.partition(), e.toString());
                        LOG.warnf("aggregator: partition %d offsets %d..%d not applied (%s); will retry",
                                tp.partition(), list.get(0).offset(), list.get(list.size() - 1).offset(), e.toString());
                    }
                }
                if (failed) {
                    pause(backoff);
                    backoff = Math.min(backoff * 2, base * 10);
                } else {
                    backoff = base;
                }
            }
        } finally {
            consumer = null;
        }
    }

    private static void commit(KafkaConsumer<String, byte[]> c, TopicPartition tp, long next) {
        try {
            c.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // The rollups are already right and carry their offsets: a lost commit only means a harmless replay.
            LOG.debugf("offset commit of %s failed: %s", tp, e.toString());
        }
    }

    /** The hit of a record; null for a record that is not a hit (it is skipped, its offset still advances). */
    private static HitTracked decode(ConsumerRecord<String, byte[]> r) {
        try {
            CloudEvent event = KafkaCodec.fromRecord(r);
            if (!EventType.METRICS_HIT_TRACKED.type().equals(event.getType())) {
                return null;
            }
            return CrowdsurfEvents.data(event, HitTracked.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipping record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
