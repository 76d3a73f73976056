package io.crowdsurf.drills.harness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.crowdsurf.testsupport.BadInputs;
import io.crowdsurf.testsupport.BadInputs.Kind;
import io.crowdsurf.testsupport.BadInputs.Signing;

/**
 * The seeded bad-input sweep every sweep drill runs: hostile inputs from {@link BadInputs} sent round-robin over a
 * drill's endpoints, a few at a time over raw connections ({@link RawHttp}), every outcome kept for the drill to
 * judge. A drill class lists its endpoints, how it breaks an input and which answers it accepts; the loop is here.
 */
public final class BadInputSweep {

    /** Kinds whose body is broken, i.e. bad even when correctly authenticated. */
    public static final Set<Kind> BROKEN_BODY = EnumSet.of(Kind.MALFORMED_JSON, Kind.TRUNCATED, Kind.WRONG_SHAPE,
            Kind.INVALID_UTF8, Kind.OVERSIZED, Kind.RANDOM_BYTES, Kind.EMPTY_BODY, Kind.DEEP_NESTING);

    private BadInputSweep() {
    }

    /** One request of a sweep and what came back. */
    public record Outcome(Endpoint endpoint, BadInputs.Input input, int status, String body) {
        @Override
        public String toString() {
            return endpoint + " " + input + " -> " + status + " " + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
        }
    }

    /**
     * {@code requests} hostile inputs, round-robin over {@code endpoints}, each made by {@code hostile} and sent by
     * {@code send}, at most {@code inFlight} at once. Inputs are drawn in order, so a seed reproduces the sweep.
     */
    public static List<Outcome> run(List<Endpoint> endpoints, int requests, BadInputs inputs, int inFlight,
            BiFunction<BadInputs, Endpoint, BadInputs.Input> hostile, BiFunction<Endpoint, BadInputs.Input, Outcome> send)
            throws InterruptedException {
        List<Callable<Outcome>> tasks = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            BadInputs.Input input = hostile.apply(inputs, endpoint);
            tasks.add(() -> send.apply(endpoint, input));
        }
        return parallel(tasks, inFlight);
    }

    /** Runs every task on virtual threads, at most {@code inFlight} at once; all results, in completion order. */
    public static <T> List<T> parallel(List<? extends Callable<T>> tasks, int inFlight) throws InterruptedException {
        ConcurrentLinkedQueue<T> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        Semaphore permits = new Semaphore(inFlight);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> task : tasks) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        results.add(task.call());
                    } catch (Exception e) {
                        failures.add(e);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " sweep requests failed to run");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return new ArrayList<>(results);
    }

    /** The outcomes counted by {@code key} (sorted), printed with the sweep's name and seed for the log. */
    public static <T> Map<String, Long> printCounts(String sweep, long seed, List<T> outcomes, Function<T, String> key) {
        Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        System.out.println(sweep + " (seed " + seed + "): " + counts);
        return counts;
    }

    /** The usual count key: method, path without its query, status. */
    public static String methodPathStatus(Outcome o) {
        return o.endpoint().method() + " " + o.endpoint().path().split("\\?", 2)[0] + " " + o.status();
    }

    /**
     * Every endpoint that takes a body, with valid credentials and each of invalid UTF-8, an empty body and a JSON
     * {@code null}: the inputs the first sweeps found accepted, hanging or answering 500. Returns the outcomes
     * {@code acceptable} refuses.
     */
    public static List<Outcome> authenticatedInvalidUtf8EmptyAndNull(List<Endpoint> endpoints, BadInputs inputs,
            BiFunction<Endpoint, BadInputs.Input, Outcome> send, Predicate<Outcome> acceptable) {
        List<Outcome> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method().equals("GET")) {
                continue;
            }
            for (Kind kind : List.of(Kind.INVALID_UTF8, Kind.EMPTY_BODY, Kind.WRONG_SHAPE)) {
                BadInputs.Input in = inputs.of(kind, endpoint.validBody(), endpoint.contentType());
                byte[] body = kind == Kind.WRONG_SHAPE ? "null".getBytes(StandardCharsets.UTF_8) : in.body();
                Outcome o = send.apply(endpoint, new BadInputs.Input(in.index(), kind, Signing.VALID,
                        endpoint.contentType(), body, in.headers(), in.garbageSignature()));
                if (!acceptable.test(o)) {
                    wrong.add(o);
                }
            }
        }
        return wrong;
    }

    /** {@code input} with another body (kind, signing and headers kept). */
    public static BadInputs.Input withBody(BadInputs.Input input, byte[] body) {
        return new BadInputs.Input(input.index(), input.kind(), input.signing(), input.contentType(), body,
                input.headers(), input.garbageSignature());
    }

    /** {@code input} with another signing. */
    public static BadInputs.Input withSigning(BadInputs.Input input, Signing signing) {
        return new BadInputs.Input(input.index(), input.kind(), signing, input.contentType(), input.body(),
                input.headers(), input.garbageSignature());
    }

    /** {@code input} with a malformed copy of the endpoint's valid body, for inputs that would otherwise be legitimate. */
    public static BadInputs.Input brokenBody(BadInputs inputs, Endpoint endpoint, BadInputs.Input input) {
        return withBody(input, inputs.of(Kind.MALFORMED_JSON, endpoint.validBody(), endpoint.contentType()).body());
    }

    /** Binary-mode CloudEvent attributes, unsigned, added to {@code headers}. */
    public static Map<String, String> withCloudEvent(Map<String, String> headers, String id, String type, String source) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("ce-specversion", "1.0");
        h.put("ce-id", id);
        h.put("ce-type", type);
        h.put("ce-source", source);
        return h;
    }

    /** Sends {@code input} to the endpoint's path on {@code port} with the endpoint's (mis)signed headers. */
    public static Outcome send(int port, Endpoint endpoint, BadInputs.Input input, int timeoutMs) {
        return send(port, endpoint.path(), endpoint, input, endpoint.headers(input), timeoutMs);
    }

    /** Sends {@code input} to {@code path} with {@code headers}; GET and DELETE carry no body. */
    public static Outcome send(int port, String path, Endpoint endpoint, BadInputs.Input input,
            Map<String, String> headers, int timeoutMs) {
        boolean bodiless = endpoint.method().equals("GET") || endpoint.method().equals("DELETE");
        Http.Reply reply = RawHttp.send(port, endpoint.method(), path, headers, bodiless ? null : input.body(), timeoutMs);
        return new Outcome(endpoint, input, reply.status(), reply.body());
    }
}
