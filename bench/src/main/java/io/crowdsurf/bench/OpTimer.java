package io.crowdsurf.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import io.crowdsurf.devstack.mongo.MongoMain;

/**
 * The measuring half of the mongo-ops benchmarks: times operations one at a time per collection size, then prints
 * the table (p50/p99 per size, the p50 ratio largest/smallest against {@link MongoOps#GOAL_RATIO}).
 */
final class OpTimer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * CPU of the server's own threads: mongo-java-server's Netty threads ({@code mongo-server-*}, where every
     * command runs), H2's {@code MVStore background writer} (its commits) and the journal's {@code mongo-journal-*}
     * threads. GC and JIT are left out (they are in the process figure).
     */
    private static long serverThreadsCpuNanos() {
        long sum = 0;
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("mongo-server-")
                    || info.getThreadName().startsWith("MVStore") || info.getThreadName().startsWith("mongo-journal-"))) {
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private final Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>();
    /** Per label and size: CPU µs per operation of the whole process, and of the process minus the timing thread. */
    private final Map<String, Map<Integer, double[]>> cpu = new LinkedHashMap<>();
    private final String backendName;

    /**
     * {@code --backend=journal} (default: what {@code ./crowdsurf up}'s MongoMain runs) or {@code --backend=h2}
     * (the stock H2 file backend it ran before), built by {@link MongoMain#backend} as MongoMain builds it.
     */
    OpTimer(Options options) {
        this.backendName = options.string("backend", "journal");
    }

    String backendName() {
        return backendName;
    }

    /**
     * Runs {@code body} against a fresh devstack server: mongo-java-server with the backend {@code MongoMain}
     * runs, in a new temp directory deleted afterwards, so each size starts from nothing.
     */
    void onFreshServer(String tempPrefix, Consumer<MongoDatabase> body) throws IOException {
        Path dir = Files.createTempDirectory(tempPrefix);
        AbstractMongoBackend backend = MongoMain.backend(backendName, dir);
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
        long process0 = processCpuNanos();
        long server0 = serverThreadsCpuNanos();
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            op.run();
            ns[i] = System.nanoTime() - t0;
        }
        long process = processCpuNanos() - process0;
        long server = serverThreadsCpuNanos() - server0;
        Arrays.sort(ns);
        results.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(size, ns);
        cpu.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(size,
                new double[] {process / 1e3 / ops, server / 1e3 / ops});
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
                double[] c = cpu.get(e.getKey()).get(size);
                perSize.put(Integer.toString(size), Map.of("p50_ms", MongoOps.pct(ns, 0.50) / 1e6,
                        "p99_ms", MongoOps.pct(ns, 0.99) / 1e6, "process_cpu_us_per_op", c[0],
                        "server_cpu_us_per_op", c[1]));
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
        report.table(title + ", backend " + backendName, header, rows);
        List<String> cpuHeader = new ArrayList<>(List.of("operation"));
        for (int size : sizes) {
            cpuHeader.add("process CPU µs/op @ " + Report.num(size));
            cpuHeader.add("server CPU µs/op @ " + Report.num(size));
        }
        List<List<String>> cpuRows = new ArrayList<>();
        for (var e : cpu.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            for (int size : sizes) {
                double[] c = e.getValue().get(size);
                row.add(String.format(java.util.Locale.ROOT, "%.0f", c[0]));
                row.add(String.format(java.util.Locale.ROOT, "%.0f", c[1]));
            }
            cpuRows.add(row);
        }
        report.table("CPU per operation, backend " + backendName + " (process = client and server in this JVM, GC and JIT"
                + " included; server = the server's own threads: Netty workers, H2's writer, the journal's threads)",
                cpuHeader, cpuRows);
        report.put("backend", backendName);
        report.put("results", json);
        return allPass;
    }
}
