package io.crowdsurf.devstack.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group member that hands each partition's records to a worker, in order, one batch per
 * partition at a time. While a worker is busy its partition is paused, so the consumer keeps polling (and
 * stays in the group) and other partitions keep flowing even when one subscriber is slow or failing.
 * Offsets are committed only up to records their handler finished: at-least-once, as the Knative broker.
 * All {@link Consumer} calls stay on this class's own thread; workers only report progress.
 */
final class PartitionedConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionedConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** After Kafka refused a reply or dead letter, wait before handling the same record again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final RecordHandler handler;
    private final ExecutorService workers;
    private final Map<TopicPartition, Work> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private Thread thread;

    PartitionedConsumer(String name, Consumer<String, byte[]> consumer, String topic, RecordHandler handler,
            ExecutorService workers) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.workers = workers;
    }

    void start() {
        thread = Thread.ofPlatform().name("dispatch-" + name).start(this::loop);
    }

    /** True once the group gave this member its partitions, i.e. it will see what is produced from now on. */
    boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    consumer.pause(List.of(tp));
                    Work work = new Work(records.records(tp));
                    workers.execute(work);
                    inFlight.put(tp, work);
                }
                settle();
                resumeDue();
            }
        } catch (KafkaException e) {
            LOG.error("{}: consumer failed, stopping it", name, e);
        } finally {
            stopWorkers(new ArrayList<>(inFlight.keySet()), true);
            consumer.close();
        }
    }

    /** Commits finished batches and lets their partitions flow again. */
    private void settle() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Iterator<Map.Entry<TopicPartition, Work>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            Map.Entry<TopicPartition, Work> e = it.next();
            Work work = e.getValue();
            if (!work.isDone()) {
                continue;
            }
            it.remove();
            TopicPartition tp = e.getKey();
            if (work.next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(work.next));
            }
            if (work.failedAt >= 0) {
                // Redo from the record that could not be finished, after a pause; nothing is skipped.
                consumer.seek(tp, work.failedAt);
                resumeAt.put(tp, System.nanoTime() + RETRY_PAUSE.toNanos());
            } else {
                consumer.resume(List.of(tp));
            }
        }
        commit(offsets);
    }

    private void resumeDue() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<TopicPartition, Long>> it = resumeAt.entrySet().iterator(); it.hasNext();) {
            Map.Entry<TopicPartition, Long> e = it.next();
            if (e.getValue() - now <= 0) {
                it.remove();
                if (consumer.assignment().contains(e.getKey())) {
                    consumer.resume(List.of(e.getKey()));
                }
            }
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            // Not fatal: the records are delivered again after a rebalance or restart (at-least-once).
            LOG.warn("{}: commit of {} failed: {}", name, offsets, e.getMessage());
        }
    }

    /** Interrupts the workers of {@code partitions}, waits for them, and (if asked) commits what they finished. */
    private void stopWorkers(Collection<TopicPartition> partitions, boolean commitProgress) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            resumeAt.remove(tp);
            Work work = inFlight.remove(tp);
            if (work == null) {
                continue;
            }
            work.stop();
            work.awaitDone(STOP_GRACE);
            if (work.next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(work.next));
            }
        }
        if (commitProgress) {
            commit(offsets);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(STOP_GRACE.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            stopWorkers(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stopWorkers(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("{}: assigned {}", name, partitions);
            assigned.countDown();
        }
    }

    /** One partition's batch, handled in order; progress is read by the consumer thread. */
    private final class Work implements Runnable {
        private final List<ConsumerRecord<String, byte[]>> batch;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long next = -1;
        private volatile long failedAt = -1;
        private volatile boolean stopped;
        private volatile Thread runner;

        Work(List<ConsumerRecord<String, byte[]>> batch) {
            this.batch = batch;
        }

        @Override
        public void run() {
            runner = Thread.currentThread();
            ConsumerRecord<String, byte[]> current = null;
            try {
                for (ConsumerRecord<String, byte[]> record : batch) {
                    if (stopped) {
                        return;
                    }
                    current = record;
                    handler.handle(record);
                    next = record.offset() + 1;
                }
            } catch (InterruptedException e) {
                // Stopping or revoked: what is unfinished is delivered again by whoever owns the partition next.
            } catch (RuntimeException e) {
                failedAt = current.offset();
                LOG.error("{}: record {}-{}@{} not finished, retrying in {} ms: {}", name, current.topic(),
                        current.partition(), current.offset(), RETRY_PAUSE.toMillis(), e.getMessage());
            } finally {
                done.countDown();
            }
        }

        /** Both sides are volatile, so either the worker sees {@code stopped} or we see its thread. */
        void stop() {
            stopped = true;
            Thread r = runner;
            if (r != null) {
                r.interrupt();
            }
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        void awaitDone(Duration timeout) {
            try {
                if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: a worker did not stop within {}", name, timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
