package io.crowdsurf.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * {@code mongo-ops-metrics} (issue 12 §1 for metrics-service): the MongoDB operations metrics-service's aggregator
 * runs per hit, timed one at a time on the devstack's H2-backed MongoDB-wire server holding 2,000 and then 50,000
 * existing documents per collection. Restated from metrics-service's HitIdRepository, VisitorRepository and
 * RollupRepository (same filters, updates and indexes; the bench is a plain Java module):
 * <ul>
 * <li><b>hit-id claim</b>: insert of {@code {_id: site|hitId, p, o}} into {@code hitids} (a refused insert is a
 * duplicate hit);</li>
 * <li><b>visitor state</b>: read {@code _id $in [site|visitor]}, then the compare-and-set replace on the plain
 * {@code {_id, off}} (unique index {@code cas} on exactly those keys);</li>
 * <li><b>rollup write</b>: read {@code _id $in [site|bucket|partition]}, then the compare-and-set replace of the
 * whole document on {@code {_id, off}} — a day-sized document (the same size whatever the collection holds).</li>
 * </ul>
 * Goal, as for {@code mongo-ops}: each median at the largest size at most 1.5 × its median at the smallest.
 */
public final class MetricsMongoOps {

    private MetricsMongoOps() {
    }

    public static int run(Options options) throws IOException {
        int[] sizes = Arrays.stream(options.string("sizes", "2000,50000").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        int ops = options.integer("ops", 2000);
        int warmup = options.integer("warmup", 500);
        Report report = new Report("mongo-ops-metrics", options);
        Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>();
        for (int size : sizes) {
            Path dir = Files.createTempDirectory("mongo-ops-metrics-");
            H2Backend backend = new H2Backend(dir.resolve("crowdsurf.mv").toString());
            MongoServer server = new MongoServer(backend);
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                System.out.printf("seeding %,d documents per collection ...%n", size);
                Fixture f = new Fixture(client.getDatabase("crowdsurf"), size);
                f.seed();
                for (Op op : Op.values()) {
                    for (int i = 0; i < warmup; i++) {
                        op.once(f);
                    }
                    double[] ns = new double[ops];
                    for (int i = 0; i < ops; i++) {
                        long t0 = System.nanoTime();
                        op.once(f);
                        ns[i] = System.nanoTime() - t0;
                    }
                    Arrays.sort(ns);
                    results.computeIfAbsent(op.label, k -> new LinkedHashMap<>()).put(size, ns);
                }
            } finally {
                server.shutdown();
                backend.close();
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("operation"));
        for (int size : sizes) {
            header.add("p50 @ " + Report.num(size));
            header.add("p99 @ " + Report.num(size));
        }
        header.add("ratio p50 " + Report.num(sizes[sizes.length - 1]) + "/" + Report.num(sizes[0]));
        header.add("goal ≤ " + MongoOps.GOAL_RATIO);
        List<List<String>> rows = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        boolean allPass = true;
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
        report.table("mongo-ops-metrics: metrics-service's per-hit operations, one at a time, H2-backed MongoDB-wire "
                + "server (" + ops + " timed, " + warmup + " warm-up per operation and size)", header, rows);
        report.put("results", json);
        report.write();
        return allPass ? 0 : 3;
    }

    enum Op {
        /** HitIdRepository.duplicates: the claim insert (a batch's claims go as one unordered insertMany). */
        HIT_ID("hit-id claim (insert {_id: site|hitId})") {
            @Override
            void once(Fixture f) {
                f.hitIds.insertOne(new Document("_id", "bench|new-" + f.claimed++).append("p", 0).append("o", f.claimed));
            }
        },
        /** VisitorRepository.load + save: read by _id $in, compare-and-set replace on the plain {_id, off}. */
        VISITOR("visitor state (read $in + replace {_id, off})") {
            @Override
            void once(Fixture f) {
                String id = Fixture.visitorId(f.random.nextInt(f.size));
                Document d = f.visitors.find(Filters.in("_id", List.of(id))).first();
                long off = d.getLong("off");
                Document next = new Document(d).append("off", off + 1).append("la", d.getLong("la") + 60_000)
                        .append("na", d.getInteger("na") + 1);
                cas(f.visitors, id, off, next);
            }
        },
        /** RollupRepository.load + apply: read by _id $in, compare-and-set replace of the whole day document. */
        ROLLUP("rollup write (read $in + replace {_id, off}, day document)") {
            @Override
            void once(Fixture f) {
                String id = Fixture.rollupId(f.random.nextInt(f.size));
                Document d = f.rollups.find(Filters.in("_id", List.of(id))).first();
                long off = d.getLong("off");
                Document next = new Document(d).append("off", off + 1).append("uv", d.getLong("uv") + 1);
                cas(f.rollups, id, off, next);
            }
        };

        final String label;

        Op(String label) {
            this.label = label;
        }

        abstract void once(Fixture f);

        static void cas(MongoCollection<Document> c, String id, long off, Document next) {
            // A plain {_id, off} document, as the repositories send it (Filters.and would scan).
            if (c.replaceOne(new Document("_id", id).append("off", off), next, new ReplaceOptions().upsert(false))
                    .getMatchedCount() != 1) {
                throw new IllegalStateException("compare-and-set did not match " + id);
            }
        }
    }

    static final class Fixture {
        final int size;
        final MongoCollection<Document> hitIds;
        final MongoCollection<Document> visitors;
        final MongoCollection<Document> rollups;
        final SplittableRandom random = new SplittableRandom(7);
        long claimed;

        Fixture(MongoDatabase db, int size) {
            this.size = size;
            this.hitIds = db.getCollection("hitids");
            this.visitors = db.getCollection("visitors");
            this.rollups = db.getCollection("rollups");
        }

        static String visitorId(int i) {
            return "bench|" + String.format("%016x", 0x5eed0000000L + i);
        }

        static String rollupId(int i) {
            return "bench|H" + i + "|0";
        }

        /** A day's rollup body as the aggregator writes it: 7 pages × 4 combos, the six visit tables. */
        static Map<String, Object> body() {
            String[] combos = {"new~desktop~direct", "returning~desktop~search", "new~smartphone~website",
                "returning~tablet~campaign"};
            Map<String, Object> t = new HashMap<>();
            for (String table : List.of("visit", "referrerType", "referrerName", "deviceType", "browser", "visitorType")) {
                Map<String, Object> values = new HashMap<>();
                for (int v = 0; v < 3; v++) {
                    Map<String, Object> byCombo = new HashMap<>();
                    for (String c : combos) {
                        byCombo.put(c, new HashMap<>(Map.of("v", 10L, "a", 30L, "b", 4L, "l", 600L, "mx", 7L, "u", 9L)));
                    }
                    values.put(table + v, byCombo);
                }
                t.put(table, values);
            }
            for (String table : List.of("pageUrl", "pageTitle", "section")) {
                Map<String, Object> values = new HashMap<>();
                for (int v = 0; v < 7; v++) {
                    Map<String, Object> byCombo = new HashMap<>();
                    for (String c : combos) {
                        byCombo.put(c, new HashMap<>(Map.of("h", 12L, "v", 5L)));
                    }
                    values.put("https://bench.example/p" + v, byCombo);
                }
                t.put(table, values);
            }
            return t;
        }

        void seed() {
            // RollupRepository.ensureIndexes, VisitorRepository.ensureIndexes (hitids: only _id).
            rollups.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
            visitors.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
            Map<String, Object> body = body();
            List<Document> h = new ArrayList<>();
            List<Document> v = new ArrayList<>();
            List<Document> r = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                h.add(new Document("_id", "bench|seed-" + i).append("p", 0).append("o", (long) i));
                v.add(new Document("_id", visitorId(i)).append("off", (long) i).append("vs", 1_735_689_600_000L)
                        .append("la", 1_735_689_600_000L).append("na", 1).append("vc", 1).append("cb", "new~desktop~direct")
                        .append("rt", "direct").append("rn", null).append("dv", "desktop").append("br", "Firefox")
                        .append("sb", List.of("H2025-01-01T08", "D2025-01-01", "W2024-12-30", "M2025-01", "Y2025"))
                        .append("seen", List.of("6~https://bench.example/")).append("uk", List.of("D2025-01-01")));
                r.add(new Document("_id", rollupId(i)).append("s", "bench").append("b", "H" + i).append("p", 0)
                        .append("off", (long) i).append("uv", 3L).append("t", body));
                if (h.size() == 500) {
                    flush(h, v, r);
                }
            }
            flush(h, v, r);
        }

        private void flush(List<Document> h, List<Document> v, List<Document> r) {
            if (!h.isEmpty()) {
                hitIds.insertMany(h);
                visitors.insertMany(v);
                rollups.insertMany(r);
            }
            h.clear();
            v.clear();
            r.clear();
        }
    }
}
