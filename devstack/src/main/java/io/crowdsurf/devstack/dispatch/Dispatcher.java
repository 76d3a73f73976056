package io.crowdsurf.devstack.dispatch;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the Knative Kafka Broker's data plane: one consumer group per Trigger on
 * {@code crowdsurf.events}, HTTP delivery to the subscriber, replies back to the topic, failures to the DLQ.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService workers;
    private final List<PartitionedConsumer> consumers;
    private final HttpSender sender;

    private Dispatcher(KafkaProducer<String, byte[]> producer, ExecutorService workers,
            List<PartitionedConsumer> consumers, HttpSender sender) {
        this.producer = producer;
        this.sender = sender;
        this.workers = workers;
        this.consumers = consumers;
    }

    /** Resolves every subscriber first, so a Trigger naming an unknown Service fails before anything runs. */
    public static Dispatcher start(DispatcherConfig config) {
        List<Route> routes = config.triggers().stream()
                .map(t -> new Route(t, t.subscriber().resolve(config.subscribers()))).toList();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "crowdsurf-dispatcher"),
                new StringSerializer(), new ByteArraySerializer());
        KafkaWriter writer = new KafkaWriter(producer);
        HttpSender sender = HttpSender.create();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        List<PartitionedConsumer> consumers = new ArrayList<>();
        for (Route route : routes) {
            RecordHandler handler = new TriggerHandler(route.trigger(), route.url(), sender, writer, config.topic(),
                    config.dlqTopic(), config.maxInFlight(), config.minInFlight());
            consumers.add(new PartitionedConsumer(route.trigger().name(),
                    consumer(config, route.trigger().consumerGroup()), config.topic(), handler, workers,
                    config.maxBuffered()));
            LOG.info("Trigger {}: {} -> {} (retry {}, {} backoff {}, dead letters {}, {}-{} in flight, adaptive)",
                    route.trigger().name(),
                    route.trigger().filter(), route.url(), route.trigger().delivery().retry(),
                    route.trigger().delivery().policy().name().toLowerCase(), route.trigger().delivery().backoffDelay(),
                    route.trigger().delivery().deadLetter() ? config.dlqTopic() : "dropped", config.minInFlight(),
                    config.maxInFlight());
        }
        consumers.add(new PartitionedConsumer("invalid-records", consumer(config, InvalidRecordHandler.GROUP),
                config.topic(), new InvalidRecordHandler(writer, config.dlqTopic()), workers, config.maxBuffered()));
        consumers.forEach(PartitionedConsumer::start);
        return new Dispatcher(producer, workers, consumers, sender);
    }

    private static KafkaConsumer<String, byte[]> consumer(DispatcherConfig config, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.initialOffset(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                // Static membership: one dispatcher per machine, so a restarted dispatcher takes its partitions
                // back at once instead of waiting out the previous member's session (45 s by default).
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, group,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** True once every consumer group has its partitions. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PartitionedConsumer c : consumers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!c.awaitAssignment(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumers.forEach(PartitionedConsumer::close);
        workers.shutdownNow();
        sender.close();
        producer.close(Duration.ofSeconds(5));
    }

    private record Route(Trigger trigger, URI url) {
    }
}
