package io.crowdsurf.gateway.rest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Runs the blocking part of a webhook (waiting for Kafka's ack) on a virtual thread. The resources stay
 * non-blocking so Quarkus reads the whole body on the event loop first; with a blocking method an
 * empty body left the request hanging (seen with quarkus-rest 3.34 and @RunOnVirtualThread).
 */
@ApplicationScoped
public class Offload {

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-", 0).factory());

    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
