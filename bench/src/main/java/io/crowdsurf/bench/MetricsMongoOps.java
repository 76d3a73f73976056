package io.crowdsurf.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;


/**
 * {@code mongo-ops-metrics} (issue 12 §1 for metrics-service): the MongoDB operations metrics-service's aggregator
 * runs per hit, timed one at a time on the devstack's MongoDB-wire server (MongoMain's backend) holding 2,000 and then 50,000
 * existing documents per collection. Restated from metrics-service's VisitorRepository, HitIdRepository and
 * RollupRepository (same filters, updates and indexes; the bench is a plain Java module):
 * <ul>
 * <li><b>visitor state</b>: read {@code _id $in [site|visitor]}, then the compare-and-set replace on the plain
 * {@code {_id, off}} (unique index {@code cas} on exactly those keys), the document carrying its visitor's hit
 * ids ({@code hid}, here 40 of them: the check for a resent hit costs no write of its own);</li>
 * <li><b>hit-id chunk</b>: for a visitor with more hits than its document keeps — read of its chunks
 * {@code _id $in [site|visitor|#0, ...]}, and the upsert of a new chunk on the plain {@code {_id}} (256 ids;
 * the seeded chunks hold 64);</li>
 * <li><b>rollup write</b>: read {@code _id $in [site|bucket|partition]}, then the compare-and-set replace of the
 * whole document on {@code {_id, off}} — an hour-sized document (the same size whatever the collection holds).</li>
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
        OpTimer timer = new OpTimer(options);
        for (int size : sizes) {
            timer.onFreshServer("mongo-ops-metrics-", db -> {
                System.out.printf("seeding %,d documents per collection ...%n", size);
                Fixture f = new Fixture(db, size);
                f.seed();
                for (Op op : Op.values()) {
                    timer.time(op.label, size, warmup, ops, () -> op.once(f));
                }
            });
        }
        boolean allPass = timer.report(report, "mongo-ops-metrics: metrics-service's per-hit operations, one at a time, "
                + "MongoDB-wire server (" + ops + " timed, " + warmup + " warm-up per operation and size)", sizes);
        report.write();
        return allPass ? 0 : 3;
    }

    enum Op {
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
        /** HitIdRepository.spilled + write: a visitor's chunk read by _id $in, a new one upserted on {_id}. */
        HIT_ID_CHUNK("hit-id chunk (read $in + upsert {_id}, 256 ids)") {
            @Override
            void once(Fixture f) {
                String v = Fixture.visitorId(f.random.nextInt(f.size));
                List<Document> read = f.hitIds.find(Filters.in("_id", List.of(v + "|#0"))).into(new ArrayList<>());
                if (read.size() != 1) {
                    throw new IllegalStateException("chunks of " + v + ": " + read.size());
                }
                String id = "bench|new|#" + f.claimed++;
                f.hitIds.replaceOne(new Document("_id", id), Fixture.chunk(id, "bench|new", 256),
                        new ReplaceOptions().upsert(true));
            }
        },
        /** RollupRepository.load + apply: read by _id $in, compare-and-set replace of the whole document. */
        ROLLUP("rollup write (read $in + replace {_id, off}, hour document)") {
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
            this.hitIds = db.getCollection("hitidchunks");
            this.visitors = db.getCollection("visitors");
            this.rollups = db.getCollection("rollups");
        }

        static String visitorId(int i) {
            return "bench|" + String.format("%016x", 0x5eed0000000L + i);
        }

        static List<String> hitIds(String visitor, int n) {
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(String.format("%032x", (long) (visitor.hashCode() * 31L + i) & Long.MAX_VALUE));
            }
            return ids;
        }

        static Document chunk(String id, String visitor, int n) {
            return new Document("_id", id).append("v", visitor).append("ids", hitIds(visitor, n));
        }

        static String rollupId(int i) {
            return "bench|H" + i + "|0";
        }

        /**
         * An hour's rollup body as the aggregator writes it: the six visit tables and three pages, four combos (the
         * size stays the same whatever the collection holds, which is what the ratio is about).
         */
        static Map<String, Object> body() {
            String[] combos = {"new~desktop~direct", "returning~desktop~search", "new~smartphone~website",
                "returning~tablet~campaign"};
            Map<String, Object> t = new HashMap<>();
            for (String table : List.of("visit", "referrerType", "referrerName", "deviceType", "browser", "visitorType")) {
                Map<String, Object> values = new HashMap<>();
                for (int v = 0; v < 2; v++) {
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
                for (int v = 0; v < 3; v++) {
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
            // RollupRepository.ensureIndexes, VisitorRepository.ensureIndexes (hitidchunks: only _id).
            rollups.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
            visitors.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
            Map<String, Object> body = body();
            List<Document> h = new ArrayList<>();
            List<Document> v = new ArrayList<>();
            List<Document> r = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                // One spilled chunk per visitor, so hitidchunks holds as many documents as the other collections
                // (real chunks are rare: only heavy visitors spill); 64 ids each keeps seeding 50,000 of them short.
                h.add(Fixture.chunk(visitorId(i) + "|#0", visitorId(i), 64));
                v.add(new Document("_id", visitorId(i)).append("off", (long) i).append("vs", 1_735_689_600_000L)
                        .append("la", 1_735_689_600_000L).append("na", 1).append("vc", 1).append("cb", "new~desktop~direct")
                        .append("rt", "direct").append("rn", null).append("dv", "desktop").append("br", "Firefox")
                        .append("sb", List.of("H2025-01-01T08", "D2025-01-01", "W2024-12-30", "M2025-01", "Y2025"))
                        .append("seen", List.of("6~https://bench.example/")).append("uk", List.of("D2025-01-01"))
                        .append("hid", hitIds(visitorId(i), 40)).append("hsc", 1));
                r.add(new Document("_id", rollupId(i)).append("s", "bench").append("b", "H" + i).append("p", 0)
                        .append("off", (long) i).append("uv", 3L).append("t", body));
                if (v.size() == 500) {
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
