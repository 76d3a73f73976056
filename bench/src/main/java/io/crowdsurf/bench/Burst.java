package io.crowdsurf.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Fires a list of requests as fast as the driver allows and summarises the acknowledgements. */
public final class Burst {

    /** Summary of one burst. {@code outcomes} is in request order. */
    public record Result(String label, int sent, int acked, Map<Integer, Integer> statuses, int transportErrors,
            String firstError, double seconds, Latency latency, List<Driver.Outcome> outcomes) {

        public double acksPerSecond() {
            return seconds <= 0 ? 0 : acked / seconds;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label);
            m.put("sent", sent);
            m.put("acked", acked);
            m.put("statuses", statuses);
            m.put("transport_errors", transportErrors);
            if (firstError != null) {
                m.put("first_error", firstError);
            }
            m.put("seconds", Latency.round(seconds));
            m.put("acks_per_second", Latency.round(acksPerSecond()));
            m.put("latency", latency.summary());
            return m;
        }
    }

    private Burst() {
    }

    public static Result run(String label, Driver driver, List<Driver.Req> reqs) {
        Latency latency = new Latency();
        return summarise(label, reqs, driver.submitAll(reqs, latency), latency);
    }

    /**
     * Open loop at {@code rate} requests/s ({@link Driver#submitAtRate}): each latency (and the 2xx latency
     * summary) runs from the request's intended send time.
     */
    public static Result runAtRate(String label, Driver driver, List<Driver.Req> reqs, double rate) {
        List<CompletableFuture<Driver.Outcome>> futures = driver.submitAtRate(reqs, rate);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        Latency latency = new Latency();
        for (CompletableFuture<Driver.Outcome> f : futures) {
            if (f.join().ok()) {
                latency.recordNanos(f.join().latencyNanos());
            }
        }
        return summarise(label, reqs, futures, latency);
    }

    private static Result summarise(String label, List<Driver.Req> reqs, List<CompletableFuture<Driver.Outcome>> futures,
            Latency latency) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        List<Driver.Outcome> outcomes = new ArrayList<>(futures.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int acked = 0;
        int errors = 0;
        String firstError = null;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<Driver.Outcome> f : futures) {
            Driver.Outcome o = f.join();
            outcomes.add(o);
            first = Math.min(first, o.startNanos());
            last = Math.max(last, o.endNanos());
            statuses.merge(o.status(), 1, Integer::sum);
            if (o.ok()) {
                acked++;
            } else if (firstError == null) {
                firstError = o.status() + " " + abbreviate(o.body());
            }
            if (o.status() == 0) {
                errors++;
            }
        }
        double seconds = reqs.isEmpty() ? 0 : (last - first) / 1e9;
        return new Result(label, reqs.size(), acked, statuses, errors, firstError, seconds, latency, outcomes);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
