package io.crowdsurf.devstack.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
 * One consumer group member that handles records concurrently across record keys and strictly in offset order
 * per key: within a partition, each key has a chain of its own (a worker that handles that key's records one
 * after the other), so a slow or failing key holds up only its own later records. Records without a key are
 * each their own chain; records the handler does not want (a Trigger filter that cannot match them, decided on
 * the headers) are finished on arrival without a chain. The consumer keeps polling (and stays in the group) while chains run, and pauses its
 * partitions only while more than {@code maxBuffered} records are unfinished.
 * <p>
 * Offsets are committed per partition only up to the lowest offset not yet finished (handled to the end:
 * delivered, dead-lettered or filtered out), at most every {@link #COMMIT_INTERVAL} and whenever partitions are
 * revoked or the member stops, so nothing is skipped after a restart or rebalance:
 * at-least-once, as the Knative broker. All {@link Consumer} calls stay on this class's own thread; workers
 * only report progress, under {@link #lock}.
 */
final class PartitionedConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionedConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** After Kafka refused a reply or dead letter, wait before handling the same record again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * Progress is committed at most this often (and always when partitions are revoked or the member stops): a
     * commit per poll, in eleven consumer groups reading the same topic, was a large part of the broker's work,
     * and at 250 ms the eleven groups still sent 44 commits a second. At worst a crash redelivers what finished
     * in the last interval (at-least-once allows it; the subscribers are idempotent).
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final RecordHandler handler;
    private final ExecutorService workers;
    private final int maxBuffered;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    /** Records received and not finished, over all lanes; guarded by {@link #lock}. */
    private int buffered;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private Thread thread;
    /** When progress was last committed (System.nanoTime); only the consumer's own thread uses it. */
    private long lastCommit = System.nanoTime();

    /**
     * @param maxBuffered how many unfinished records this member holds before it stops fetching (it may
     *                    overshoot by one poll)
     */
    PartitionedConsumer(String name, Consumer<String, byte[]> consumer, String topic, RecordHandler handler,
            ExecutorService workers, int maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be >= 1, was " + maxBuffered);
        }
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.workers = workers;
        this.maxBuffered = maxBuffered;
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
                    for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                        accept(tp, record);
                    }
                }
                long now = System.nanoTime();
                if (now - lastCommit >= COMMIT_INTERVAL.toNanos()) {
                    commit(progress());
                    lastCommit = now;
                }
                throttle();
            }
        } catch (KafkaException e) {
            LOG.error("{}: consumer failed, stopping it", name, e);
        } finally {
            List<TopicPartition> all;
            synchronized (lock) {
                all = new ArrayList<>(lanes.keySet());
            }
            stopLanes(all, true);
            consumer.close();
        }
    }

    /**
     * Queues the record behind earlier records of its key, or starts a chain for the key when it has none; a
     * record the handler does not want is finished at once (it only moves the lane's end forward: the commit
     * point still stops at any earlier unfinished record).
     */
    private void accept(TopicPartition tp, ConsumerRecord<String, byte[]> record) {
        boolean wanted;
        try {
            wanted = handler.wants(record);
        } catch (RuntimeException e) {
            // Let handle() decide (and log) what to do with it.
            wanted = true;
        }
        synchronized (lock) {
            Lane lane = lanes.computeIfAbsent(tp, Lane::new);
            lane.received = Math.max(lane.received, record.offset() + 1);
            if (!wanted) {
                return;
            }
            lane.unfinished.add(record.offset());
            buffered++;
            // A record without a key is a key of its own: nothing has to wait for it.
            Object key = record.key() != null ? record.key() : new Object();
            ArrayDeque<ConsumerRecord<String, byte[]>> chain = lane.chains.get(key);
            if (chain != null) {
                chain.addLast(record);
                return;
            }
            chain = new ArrayDeque<>();
            chain.addLast(record);
            lane.chains.put(key, chain);
            lane.workers++;
            try {
                workers.execute(new Chain(lane, key, chain));
            } catch (RejectedExecutionException e) {
                // Shutting down: the record stays unfinished and is delivered again by the next owner.
                lane.workers--;
                lane.chains.remove(key);
            }
        }
    }

    /** Per partition, the lowest unfinished offset (or the offset after the last record, when all finished). */
    private Map<TopicPartition, OffsetAndMetadata> progress() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        synchronized (lock) {
            for (Lane lane : lanes.values()) {
                long upTo = lane.commitPoint();
                if (upTo > lane.committed) {
                    offsets.put(lane.tp, new OffsetAndMetadata(upTo));
                }
            }
        }
        return offsets;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            synchronized (lock) {
                offsets.forEach((tp, o) -> {
                    Lane lane = lanes.get(tp);
                    if (lane != null) {
                        lane.committed = Math.max(lane.committed, o.offset());
                    }
                });
            }
        } catch (KafkaException e) {
            // Not fatal: tried again on the next loop; at worst records are delivered again (at-least-once).
            LOG.warn("{}: commit of {} failed: {}", name, offsets, e.getMessage());
        }
    }

    /** Stops fetching while too much is unfinished, and fetches again once half of it is done. */
    private void throttle() {
        int now;
        synchronized (lock) {
            now = buffered;
        }
        if (now >= maxBuffered) {
            consumer.pause(consumer.assignment());
        } else if (now <= maxBuffered / 2 && !consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Interrupts the chains of {@code partitions}, waits for them, and (if asked) commits what they finished. */
    private void stopLanes(Collection<TopicPartition> partitions, boolean commitProgress) {
        List<Lane> stopping = new ArrayList<>();
        synchronized (lock) {
            for (TopicPartition tp : partitions) {
                Lane lane = lanes.get(tp);
                if (lane != null) {
                    lane.stopped = true;
                    lane.runners.forEach(Thread::interrupt);
                    stopping.add(lane);
                }
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        synchronized (lock) {
            for (Lane lane : stopping) {
                try {
                    while (lane.workers > 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            LOG.warn("{}: {} worker(s) of {} did not stop within {}", name, lane.workers, lane.tp,
                                    STOP_GRACE);
                            break;
                        }
                        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                long upTo = lane.commitPoint();
                if (upTo > lane.committed) {
                    offsets.put(lane.tp, new OffsetAndMetadata(upTo));
                }
                buffered -= lane.unfinished.size();
                lane.unfinished.clear();
                lanes.remove(lane.tp, lane);
            }
        }
        if (commitProgress && !offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (KafkaException e) {
                LOG.warn("{}: commit of {} failed: {}", name, offsets, e.getMessage());
            }
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
            stopLanes(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stopLanes(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("{}: assigned {}", name, partitions);
            assigned.countDown();
        }
    }

    /** One partition's records in this member; every field is guarded by {@link #lock}. */
    private static final class Lane {
        final TopicPartition tp;
        /** Offsets received and not finished. */
        final TreeSet<Long> unfinished = new TreeSet<>();
        /** Per key, its records not finished, in offset order; the head is being handled. */
        final Map<Object, ArrayDeque<ConsumerRecord<String, byte[]>>> chains = new HashMap<>();
        final Set<Thread> runners = new HashSet<>();
        /** The offset after the last record received. */
        long received = -1;
        long committed = -1;
        /** Chains started and not yet ended. */
        int workers;
        boolean stopped;

        Lane(TopicPartition tp) {
            this.tp = tp;
        }

        /** Everything below it is finished; -1 when nothing was received. */
        long commitPoint() {
            return unfinished.isEmpty() ? received : unfinished.first();
        }
    }

    /** Handles one key's records of one partition, one after the other, until none is left. */
    private final class Chain implements Runnable {
        private final Lane lane;
        private final Object key;
        private final ArrayDeque<ConsumerRecord<String, byte[]>> records;

        Chain(Lane lane, Object key, ArrayDeque<ConsumerRecord<String, byte[]>> records) {
            this.lane = lane;
            this.key = key;
            this.records = records;
        }

        @Override
        public void run() {
            Thread me = Thread.currentThread();
            try {
                ConsumerRecord<String, byte[]> record;
                synchronized (lock) {
                    if (lane.stopped) {
                        return;
                    }
                    lane.runners.add(me);
                    record = records.peekFirst();
                }
                while (record != null) {
                    handleUntilDone(record);
                    synchronized (lock) {
                        records.pollFirst();
                        if (lane.unfinished.remove(record.offset())) {
                            buffered--;
                        }
                        if (lane.stopped) {
                            return;
                        }
                        record = records.peekFirst();
                        if (record == null) {
                            lane.chains.remove(key);
                        }
                    }
                }
            } catch (InterruptedException e) {
                // Stopping or revoked: what is unfinished is delivered again by whoever owns the partition next.
            } finally {
                synchronized (lock) {
                    lane.runners.remove(me);
                    lane.workers--;
                    lock.notifyAll();
                }
                // Do not carry an interrupt meant for this record into the next task on a pooled thread.
                Thread.interrupted();
            }
        }

        /** A record whose reply or dead letter Kafka refused is handled again after a pause; only its key waits. */
        private void handleUntilDone(ConsumerRecord<String, byte[]> record) throws InterruptedException {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                try {
                    handler.handle(record);
                    return;
                } catch (RuntimeException e) {
                    LOG.error("{}: record {}-{}@{} not finished, retrying in {} ms: {}", name, record.topic(),
                            record.partition(), record.offset(), RETRY_PAUSE.toMillis(), e.getMessage());
                    Thread.sleep(RETRY_PAUSE);
                }
            }
        }
    }
}
