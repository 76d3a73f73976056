package io.crowdsurf.bench;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The load generator: a closed-loop HTTP/1.1 client on one Vert.x event loop with at most
 * {@code concurrency} requests in flight (one per pooled keep-alive connection, pipelining off).
 * Requests beyond that wait in a client-side queue; a request's latency runs from the moment it is
 * written to the moment its whole response is read, so it is the server's acknowledgement time.
 */
public final class Driver implements AutoCloseable {

    /** One HTTP request to send. */
    public record Req(URI target, Map<String, String> headers, byte[] body) {
    }

    /** What came back: status (0 on a transport error), latency, and the body (or error text). */
    public record Outcome(int status, long startNanos, long endNanos, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public long latencyNanos() {
            return endNanos - startNanos;
        }
    }

    /** {@code intended}: the send time an open-loop schedule gave it (its latency counts from there), or 0. */
    private record Pending(Req req, Latency latency, CompletableFuture<Outcome> result, long intended) {
        Pending(Req req, Latency latency, CompletableFuture<Outcome> result) {
            this(req, latency, result, 0);
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final int concurrency;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inflight;

    public Driver(Vertx vertx, int concurrency) {
        this.vertx = vertx;
        this.concurrency = concurrency;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
    }

    public int concurrency() {
        return concurrency;
    }

    /** Queues one request; {@code latency} (may be null) records its acknowledgement time. */
    public CompletableFuture<Outcome> submit(Req req, Latency latency) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            queue.add(new Pending(req, latency, result));
            pump();
        });
        return result;
    }

    /** Queues many requests at once (one hop to the event loop). */
    public List<CompletableFuture<Outcome>> submitAll(List<Req> reqs, Latency latency) {
        List<CompletableFuture<Outcome>> results = reqs.stream().map(r -> new CompletableFuture<Outcome>()).toList();
        context.runOnContext(v -> {
            for (int i = 0; i < reqs.size(); i++) {
                queue.add(new Pending(reqs.get(i), latency, results.get(i)));
            }
            pump();
        });
        return results;
    }

    /**
     * Open loop: request {@code i} is due at {@code start + i / rate} whatever the answers do (a 1 ms timer on the
     * event loop queues what is due). Its outcome's {@code startNanos} is that <em>intended</em> send time, so a
     * request that waits for a free connection, for the timer or for a stalled server counts all of that: a slow
     * answer cannot hide the requests that should have been sent meanwhile (no coordinated omission).
     * {@code concurrency} still caps the connections; beyond it requests queue, and their latency shows it.
     */
    public List<CompletableFuture<Outcome>> submitAtRate(List<Req> reqs, double rate) {
        List<CompletableFuture<Outcome>> results = reqs.stream().map(r -> new CompletableFuture<Outcome>()).toList();
        double interval = 1e9 / rate;
        context.runOnContext(v -> {
            long start = System.nanoTime();
            int[] next = {0};
            Runnable due = () -> {
                long now = System.nanoTime();
                while (next[0] < reqs.size()) {
                    long intended = start + (long) (next[0] * interval);
                    if (intended - now > 0) {
                        break;
                    }
                    queue.add(new Pending(reqs.get(next[0]), null, results.get(next[0]), intended));
                    next[0]++;
                }
                pump();
            };
            due.run();
            vertx.setPeriodic(1, id -> {
                due.run();
                if (next[0] >= reqs.size()) {
                    vertx.cancelTimer(id);
                }
            });
        });
        return results;
    }

    private void pump() {
        while (inflight < concurrency && !queue.isEmpty()) {
            Pending p = queue.poll();
            inflight++;
            send(p);
        }
    }

    private void send(Pending p) {
        URI uri = p.req().target();
        RequestOptions options = new RequestOptions()
                // A request without a body is a GET (the widget and short-link benchmarks).
                .setMethod(p.req().body() == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setIdleTimeout(30_000);
        p.req().headers().forEach(options::putHeader);
        long start = p.intended() != 0 ? p.intended() : System.nanoTime();
        client.request(options)
                .compose(request -> p.req().body() == null ? request.send()
                        : request.send(Buffer.buffer(p.req().body())))
                .compose(response -> response.body().map(b -> new Outcome(response.statusCode(), start,
                        System.nanoTime(), b.toString())))
                .onComplete(ar -> {
                    Outcome outcome = ar.succeeded() ? ar.result()
                            : new Outcome(0, start, System.nanoTime(), String.valueOf(ar.cause()));
                    inflight--;
                    if (p.latency() != null && outcome.ok()) {
                        p.latency().recordNanos(outcome.latencyNanos());
                    }
                    p.result().complete(outcome);
                    pump();
                });
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
    }

    public Vertx vertx() {
        return vertx;
    }
}
