package io.crowdsurf.metrics.rest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Runs the blocking part of a tracking request (site lookup on a cache miss, waiting for Kafka's ack) on a
 * virtual thread; the resources stay non-blocking so Quarkus reads the (≤ 1 MiB) body on the event loop first.
 */
@ApplicationScoped
public class Offload {

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("ingest-", 0).factory());

    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
