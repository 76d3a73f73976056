package io.crowdsurf.gateway.rest;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where a webhook's work runs. The resources stay non-blocking so Quarkus reads the whole body on the event loop
 * first (with a blocking method an empty body left the request hanging: quarkus-rest 3.34 and @RunOnVirtualThread).
 * <ul>
 * <li>{@link #run}: the blocking part (waiting for Kafka's ack) on a virtual thread — after start, after an idle
 *     second, while Kafka is away, and for large bodies.</li>
 * <li>{@link #onEventLoop}: the common case during a burst — verify, parse and hand the records to the producer on
 *     the event loop, and answer from the Kafka ack's callback back on the same event loop: no thread hop, no parked
 *     thread per webhook.</li>
 * </ul>
 */
@ApplicationScoped
public class Offload {

    /**
     * Bodies up to this size are verified and parsed on the event loop (HMAC and parse of 64 KiB take well under a
     * millisecond); a bigger one (up to the 1 MiB limit) goes to a virtual thread so it cannot stall the loop.
     */
    static final int INLINE_BYTES = 64 * 1024;

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-", 0).factory());

    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    /** True when a body of {@code bytes} may be handled on the event loop because sending will not block. */
    public boolean inline(int bytes, boolean sendsWithoutBlocking) {
        return sendsWithoutBlocking && bytes <= INLINE_BYTES && Context.isOnEventLoopThread();
    }

    /** {@code stage}'s outcome, delivered on the calling event loop (not on Kafka's I/O thread, which must stay free for acks). */
    public <T> Uni<T> onEventLoop(CompletionStage<T> stage) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().completionStage(stage);
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
