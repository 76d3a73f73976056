package io.crowdsurf.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * {@code mongo-ops}: the per-message MongoDB operations of quiz-service and bot-gateway, timed one at a time on the
 * devstack's H2-backed MongoDB-wire server (the same {@code H2Backend} MongoMain runs) holding 2,000 and then
 * 50,000 existing documents. The operations send exactly the filters, updates and indexes the services send
 * (quiz-service FanRepository/TicketRepository/PoolRepository/QuizStore, bot-gateway ReplyLedger); they are
 * restated here because the bench is a plain Java module and those repositories are CDI beans. A filter here that
 * differs from the service's is a bug in this benchmark.
 * Goal: each operation's median at the largest size is at most 1.5 × its median at the smallest.
 */
public final class MongoOps {

    static final double GOAL_RATIO = 1.5;
    private static final String CAMPAIGN = "c-bench";
    private static final String POOL = "p1";

    private MongoOps() {
    }

    public static int run(Options options) throws IOException {
        int[] sizes = Arrays.stream(options.string("sizes", "2000,50000").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        int ops = options.integer("ops", 2000);
        int warmup = options.integer("warmup", 500);
        Report report = new Report("mongo-ops", options);
        Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>();
        for (int size : sizes) {
            Path dir = Files.createTempDirectory("mongo-ops-");
            H2Backend backend = new H2Backend(dir.resolve("crowdsurf.mv").toString());
            MongoServer server = new MongoServer(backend);
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                MongoDatabase db = client.getDatabase("crowdsurf");
                System.out.printf("seeding %,d documents per collection ...%n", size);
                Fixture f = new Fixture(db, size);
                f.seed();
                for (Op op : Op.values()) {
                    results.computeIfAbsent(op.label, k -> new LinkedHashMap<>()).put(size, time(() -> op.once(f), warmup, ops));
                }
                // alert-service's operations, on collections of its own holding `size` alerts.
                for (Map.Entry<String, Runnable> op : AlertMongoOps.seed(db, size).entrySet()) {
                    results.computeIfAbsent(op.getKey(), k -> new LinkedHashMap<>()).put(size, time(op.getValue(), warmup, ops));
                }
            } finally {
                server.shutdown();
                backend.close();
                deleteTree(dir);
            }
        }
        List<String> header = new ArrayList<>(List.of("operation"));
        for (int size : sizes) {
            header.add("p50 @ " + Report.num(size));
            header.add("p99 @ " + Report.num(size));
        }
        header.add("ratio p50 " + Report.num(sizes[sizes.length - 1]) + "/" + Report.num(sizes[0]));
        header.add("goal ≤ " + GOAL_RATIO);
        List<List<String>> rows = new ArrayList<>();
        boolean allPass = true;
        Map<String, Object> json = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            Map<String, Object> perSize = new LinkedHashMap<>();
            for (int size : sizes) {
                double[] ns = e.getValue().get(size);
                row.add(String.format(java.util.Locale.ROOT, "%.3f ms", pct(ns, 0.50) / 1e6));
                row.add(String.format(java.util.Locale.ROOT, "%.3f ms", pct(ns, 0.99) / 1e6));
                perSize.put(Integer.toString(size), Map.of("p50_ms", pct(ns, 0.50) / 1e6, "p99_ms", pct(ns, 0.99) / 1e6));
            }
            double ratio = pct(e.getValue().get(sizes[sizes.length - 1]), 0.5) / pct(e.getValue().get(sizes[0]), 0.5);
            boolean pass = ratio <= GOAL_RATIO;
            allPass &= pass;
            row.add(String.format(java.util.Locale.ROOT, "%.2f", ratio));
            row.add(Report.passMiss(pass));
            rows.add(row);
            perSize.put("ratio", ratio);
            json.put(e.getKey(), perSize);
        }
        report.table("mongo-ops: one operation at a time, H2-backed MongoDB-wire server (" + ops + " timed, "
                + warmup + " warm-up per operation and size)", header, rows);
        report.put("results", json);
        report.write();
        return allPass ? 0 : 3;
    }

    /** {@code warmup} untimed runs, then {@code ops} timed ones: the sorted times in nanoseconds. */
    static double[] time(Runnable once, int warmup, int ops) {
        for (int i = 0; i < warmup; i++) {
            once.run();
        }
        double[] ns = new double[ops];
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            once.run();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return ns;
    }

    static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The operations, each exactly as its service sends it. */
    enum Op {
        /** quiz-service FanRepository.find + replace: read by {_id}, compare-and-set on the plain {_id, version}. */
        FAN_TRANSITION("fan transition (find + replace {_id, version})") {
            @Override
            void once(Fixture f) {
                String key = Fixture.fanKey(f.random.nextInt(f.size));
                Document fan = f.fans.find(new Document("_id", key)).first();
                long version = fan.getLong("version");
                Document next = new Document(fan).append("version", version + 1)
                        .append("answered", fan.getInteger("answered") + 1).append("updatedAt", new Date());
                if (f.fans.replaceOne(new Document("_id", key).append("version", version), next).getMatchedCount() != 1) {
                    throw new IllegalStateException("fan transition did not match " + key);
                }
            }
        },
        /** bot-gateway ReplyLedger.claim (insert-if-absent) + recordSent (upsert by {_id}) + markReported. */
        REPLY_CLAIM("reply-ledger claim (claim + sent + reported)") {
            @Override
            void once(Fixture f) {
                String replyId = "r-" + UUID.randomUUID();
                Date now = new Date();
                if (!insertIfAbsent(f.replies, new Document("_id", replyId).append("state", "CLAIMED")
                        .append("token", UUID.randomUUID().toString()).append("claimedAt", now).append("reported", false))) {
                    throw new IllegalStateException("reply id collision " + replyId);
                }
                f.replies.updateOne(new Document("_id", replyId), Updates.combine(Updates.set("state", "SENT"),
                        Updates.set("platformMessageId", "m-" + replyId), Updates.set("attempts", 1),
                        Updates.set("finishedAt", now), Updates.setOnInsert("reported", false)),
                        new UpdateOptions().upsert(true));
                f.replies.updateOne(new Document("_id", replyId), Updates.set("reported", true));
            }
        },
        /**
         * quiz-service TicketIssuer.claim: TicketRepository.findByFan {campaignId, fanId}, PoolRepository.take, then
         * TicketRepository.insert. The pool counts one unit per issue, so it never sells out during the run.
         */
        TICKET_ISSUE("ticket issue (findByFan + pool take + insert)") {
            @Override
            void once(Fixture f) {
                String fanId = "web:bench:new-" + f.issued++;
                if (f.tickets.find(new Document("campaignId", CAMPAIGN).append("fanId", fanId)).first() != null) {
                    throw new IllegalStateException("ticket exists for " + fanId);
                }
                boolean taken = f.pools.updateOne(
                        Filters.and(Filters.eq("_id", CAMPAIGN + "|" + POOL), Filters.gt("remaining", 0),
                                Filters.ne("holders", fanId)),
                        Updates.combine(Updates.inc("remaining", -1), Updates.push("holders", fanId)))
                        .getModifiedCount() == 1;
                if (!taken) {
                    throw new IllegalStateException("pool take failed for " + fanId);
                }
                if (!insertIfAbsent(f.tickets, Fixture.ticket(Fixture.code(f.issued + 10_000_000), fanId))) {
                    throw new IllegalStateException("ticket insert failed for " + fanId);
                }
            }
        };

        final String label;

        Op(String label) {
            this.label = label;
        }

        abstract void once(Fixture f);
    }

    /** runtime's DuplicateKey.insertIfAbsent: insertOne, E11000 means "already there". */
    static boolean insertIfAbsent(MongoCollection<Document> c, Document d) {
        try {
            c.insertOne(d);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The collections with the services' indexes and {@code size} existing documents each. */
    static final class Fixture {
        final int size;
        final MongoCollection<Document> fans;
        final MongoCollection<Document> tickets;
        final MongoCollection<Document> pools;
        final MongoCollection<Document> replies;
        final SplittableRandom random = new SplittableRandom(12);
        int issued;

        Fixture(MongoDatabase db, int size) {
            this.size = size;
            this.fans = db.getCollection("quiz_fans");
            this.tickets = db.getCollection("quiz_tickets");
            this.pools = db.getCollection("quiz_pools");
            this.replies = db.getCollection("gateway_replies");
        }

        static String fanKey(int i) {
            return CAMPAIGN + "|web:bench:fan-" + i;
        }

        static String code(int i) {
            return String.format(java.util.Locale.ROOT, "T%010d", i);
        }

        static Document ticket(String code, String fanId) {
            return new Document("_id", code).append("campaignId", CAMPAIGN).append("poolId", POOL)
                    .append("poolName", "General").append("fanId", fanId).append("platform", "WEB")
                    .append("userId", fanId).append("userName", "Fan").append("awardedAt", new Date());
        }

        void seed() {
            // QuizStore.ensureIndexes + the @Produces ExactIndex beans of FanRepository, TicketRepository, ReplyLedger.
            fans.createIndex(Indexes.ascending("campaignId", "state"));
            fans.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("exact__id_version"));
            tickets.createIndex(Indexes.ascending("campaignId", "fanId"),
                    new IndexOptions().unique(true).name("one_ticket_per_fan"));
            tickets.createIndex(Indexes.ascending("campaignId", "awardedAt"));
            pools.createIndex(Indexes.ascending("campaignId"));
            replies.createIndex(Indexes.ascending("_id", "token", "state"),
                    new IndexOptions().unique(true).name("exact__id_token_state"));
            replies.createIndex(Indexes.ascending("_id", "state", "token", "claimedAt"),
                    new IndexOptions().unique(true).name("exact__id_state_token_claimedAt"));
            List<Document> fanBatch = new ArrayList<>();
            List<Document> ticketBatch = new ArrayList<>();
            List<Document> replyBatch = new ArrayList<>();
            List<String> holders = new ArrayList<>();
            Date now = new Date();
            for (int i = 0; i < size; i++) {
                String fanId = "web:bench:fan-" + i;
                fanBatch.add(new Document("_id", fanKey(i)).append("campaignId", CAMPAIGN).append("fanId", fanId)
                        .append("platform", "WEB").append("botId", "bench").append("userId", "fan-" + i)
                        .append("userName", "Fan " + i).append("state", "ASKING").append("version", 3L)
                        .append("selected", true).append("questionIndex", 1).append("answered", 1)
                        .append("correct", 1).append("won", false).append("lastMessageAt", now)
                        .append("createdAt", now).append("updatedAt", now)
                        .append("processed", List.of("e-" + i + "-1", "e-" + i + "-2")).append("outbox", List.of()));
                ticketBatch.add(ticket(code(i), fanId));
                holders.add(fanId);
                replyBatch.add(new Document("_id", "seed-" + i).append("state", "SENT").append("token", "t-" + i)
                        .append("claimedAt", now).append("reported", true).append("platformMessageId", "m-" + i)
                        .append("attempts", 1).append("finishedAt", now));
                if (fanBatch.size() == 1000) {
                    flush(fanBatch, ticketBatch, replyBatch);
                }
            }
            flush(fanBatch, ticketBatch, replyBatch);
            // One pool holding a unit for every seeded ticket, as PoolRepository keeps it; room for the run's issues.
            pools.insertOne(new Document("_id", CAMPAIGN + "|" + POOL).append("campaignId", CAMPAIGN)
                    .append("poolId", POOL).append("name", "General").append("capacity", size + 1_000_000)
                    .append("remaining", 1_000_000).append("holders", holders));
        }

        private void flush(List<Document> f, List<Document> t, List<Document> r) {
            if (!f.isEmpty()) {
                fans.insertMany(f);
                tickets.insertMany(t);
                replies.insertMany(r);
            }
            f.clear();
            t.clear();
            r.clear();
        }
    }
}
