package io.crowdsurf.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The measuring half of the mongo-ops benchmarks: times operations one at a time per collection size, then prints
 * the table (p50/p99 per size, the p50 ratio largest/smallest against {@link MongoOps#GOAL_RATIO}).
 */
final class OpTimer {

    private final Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>();

    /**
     * Runs {@code body} against a fresh devstack-like server: mongo-java-server with the H2 file store
     * {@code MongoMain} runs, in a new temp directory deleted afterwards, so each size starts from nothing.
     */
    static void onFreshServer(String tempPrefix, Consumer<MongoDatabase> body) throws IOException {
        Path dir = Files.createTempDirectory(tempPrefix);
        H2Backend backend = new H2Backend(dir.resolve("crowdsurf.mv").toString());
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            body.accept(client.getDatabase("crowdsurf"));
        } finally {
            server.shutdown();
            backend.close();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Runs {@code op} {@code warmup} times untimed, then {@code ops} times timed, recorded under label and size. */
    void time(String label, int size, int warmup, int ops, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] ns = new double[ops];
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            op.run();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        results.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(size, ns);
    }

    /** Adds the table and the raw figures to the report; true when every operation meets the ratio goal. */
    boolean report(Report report, String title, int[] sizes) {
        List<String> header = new ArrayList<>(List.of("operation"));
        for (int size : sizes) {
            header.add("p50 @ " + Report.num(size));
            header.add("p99 @ " + Report.num(size));
        }
        header.add("ratio p50 " + Report.num(sizes[sizes.length - 1]) + "/" + Report.num(sizes[0]));
        header.add("goal ≤ " + MongoOps.GOAL_RATIO);
        List<List<String>> rows = new ArrayList<>();
        boolean allPass = true;
        Map<String, Object> json = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            Map<String, Object> perSize = new LinkedHashMap<>();
            for (int size : sizes) {
                double[] ns = e.getValue().get(size);
                row.add(String.format(java.util.Locale.ROOT, "%.3f ms", MongoOps.pct(ns, 0.50) / 1e6));
                row.add(String.format(java.util.Locale.ROOT, "%.3f ms", MongoOps.pct(ns, 0.99) / 1e6));
                perSize.put(Integer.toString(size), Map.of("p50_ms", MongoOps.pct(ns, 0.50) / 1e6,
                        "p99_ms", MongoOps.pct(ns, 0.99) / 1e6));
            }
            double ratio = MongoOps.pct(e.getValue().get(sizes[sizes.length - 1]), 0.5)
                    / MongoOps.pct(e.getValue().get(sizes[0]), 0.5);
            boolean pass = ratio <= MongoOps.GOAL_RATIO;
            allPass &= pass;
            row.add(String.format(java.util.Locale.ROOT, "%.2f", ratio));
            row.add(Report.passMiss(pass));
            rows.add(row);
            perSize.put("ratio", ratio);
            json.put(e.getKey(), perSize);
        }
        report.table(title, header, rows);
        report.put("results", json);
        return allPass;
    }
}
