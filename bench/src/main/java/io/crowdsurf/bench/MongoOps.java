package io.crowdsurf.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;


/**
 * {@code mongo-ops}: the per-message MongoDB operations of quiz-service and bot-gateway, timed one at a time on the
 * devstack's MongoDB-wire server (the backend MongoMain runs, {@code --backend=journal|h2}) holding 2,000 and then
 * 50,000 existing documents. The operations send exactly the filters, updates and indexes the services send
 * (quiz-service FanRepository/TicketRepository/PoolRepository/HoldRepository/IssuingRepository/QuizStore,
 * bot-gateway ReplyLedger); they are
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
        // --operations=reply-claim,fan-transition: only these (default all): fan-transition, reply-claim, ticket-issue.
        List<Op> chosen = options.string("operations", "").isBlank() ? List.of(Op.values())
                : Arrays.stream(options.string("operations", "").split(",")).map(String::trim)
                        .map(n -> Op.valueOf(n.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))).toList();
        Report report = new Report("mongo-ops", options);
        OpTimer timer = new OpTimer(options);
        for (int size : sizes) {
            timer.onFreshServer("mongo-ops-", db -> {
                System.out.printf("seeding %,d documents per collection ...%n", size);
                Fixture f = new Fixture(db, size);
                f.seed();
                for (Op op : chosen) {
                    timer.time(op.label, size, warmup, ops, () -> op.once(f));
                }
                // alert-service's operations, on collections of its own holding `size` alerts (skipped when
                // --operations names only some of the chat operations).
                if (chosen.size() == Op.values().length) {
                    for (Map.Entry<String, Runnable> op : AlertMongoOps.seed(db, size).entrySet()) {
                        timer.time(op.getKey(), size, warmup, ops, op.getValue());
                    }
                }
            });
        }
        boolean allPass = timer.report(report, "mongo-ops: one operation at a time, MongoDB-wire server ("
                + ops + " timed, " + warmup + " warm-up per operation and size)", sizes);
        report.write();
        return allPass ? 0 : 3;
    }

    static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
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
        /**
         * bot-gateway ReplyLedger.claim (insert-if-absent in the reply's bucket, then the {_id} look-up in the bucket
         * before) + recordSent (upsert by {_id}) + markReported. Both buckets hold {@code size} finished replies.
         */
        REPLY_CLAIM("reply-ledger claim (claim + sent + reported)") {
            @Override
            void once(Fixture f) {
                String replyId = "r-" + UUID.randomUUID();
                Date now = new Date();
                if (!insertIfAbsent(f.replies, new Document("_id", replyId).append("state", "CLAIMED")
                        .append("token", UUID.randomUUID().toString()).append("claimedAt", now).append("reported", false))) {
                    throw new IllegalStateException("reply id collision " + replyId);
                }
                if (f.previousReplies.find(new Document("_id", replyId)).first() != null) {
                    throw new IllegalStateException("reply id in the bucket before " + replyId);
                }
                f.replies.updateOne(new Document("_id", replyId), Updates.combine(Updates.set("state", "SENT"),
                        Updates.set("platformMessageId", "m-" + replyId), Updates.set("attempts", 1),
                        Updates.set("finishedAt", now), Updates.setOnInsert("reported", false)),
                        new UpdateOptions().upsert(true));
                f.replies.updateOne(new Document("_id", replyId), Updates.set("reported", true));
            }
        },
        /**
         * quiz-service's claim of a winner, as ConversationService and TicketIssuer run it: IssuingRepository.mark
         * (upsert by {_id}), TicketRepository.findByFan {campaignId, fanId}, HoldRepository.token {_id},
         * PoolRepository.take (decrement guarded by remaining > 0, pushing the pending unit), HoldRepository.insert,
         * PoolRepository.settle ($pull by {_id}), TicketRepository.insert, IssuingRepository.clear {_id, token}.
         * The pool counts one unit per issue, so it never sells out during the run.
         */
        TICKET_ISSUE("ticket issue (marker + findByFan + hold + take + settle + insert)") {
            @Override
            void once(Fixture f) {
                String fanId = "web:bench:new-" + f.issued++;
                String fanKey = CAMPAIGN + "|" + fanId;
                String claim = "/crowdsurf/bot-gateway/messenger|e-" + fanId;
                Date now = new Date();
                f.issuing.replaceOne(new Document("_id", fanKey), new Document("_id", fanKey).append("token", claim)
                        .append("campaignId", CAMPAIGN).append("fanId", fanId).append("version", 5L)
                        .append("since", now.getTime()), new ReplaceOptions().upsert(true));
                if (f.tickets.find(new Document("campaignId", CAMPAIGN).append("fanId", fanId)).first() != null) {
                    throw new IllegalStateException("ticket exists for " + fanId);
                }
                String holdId = CAMPAIGN + "|" + POOL + "|" + fanId;
                if (f.holds.find(new Document("_id", holdId)).first() != null) {
                    throw new IllegalStateException("hold exists for " + fanId);
                }
                String token = UUID.randomUUID().toString();
                boolean taken = f.pools.updateOne(
                        Filters.and(Filters.eq("_id", CAMPAIGN + "|" + POOL), Filters.gt("remaining", 0),
                                Filters.ne("pending.fan", fanId), Filters.ne("holders", fanId)),
                        Updates.combine(Updates.inc("remaining", -1), Updates.push("pending",
                                new Document("fan", fanId).append("t", token).append("at", now.getTime()))))
                        .getModifiedCount() == 1;
                if (!taken) {
                    throw new IllegalStateException("pool take failed for " + fanId);
                }
                if (!insertIfAbsent(f.holds, Fixture.hold(fanId, token))) {
                    throw new IllegalStateException("hold insert failed for " + fanId);
                }
                f.pools.updateOne(new Document("_id", CAMPAIGN + "|" + POOL),
                        Updates.pull("pending", new Document("t", token)));
                if (!insertIfAbsent(f.tickets, Fixture.ticket(Fixture.code(f.issued + 10_000_000), fanId))) {
                    throw new IllegalStateException("ticket insert failed for " + fanId);
                }
                f.issuing.deleteOne(new Document("_id", fanKey).append("token", claim));
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
        final MongoCollection<Document> previousReplies;
        final MongoCollection<Document> holds;
        final MongoCollection<Document> issuing;
        final SplittableRandom random = new SplittableRandom(12);
        int issued;

        Fixture(MongoDatabase db, int size) {
            this.size = size;
            this.fans = db.getCollection("quiz_fans");
            this.tickets = db.getCollection("quiz_tickets");
            this.pools = db.getCollection("quiz_pools");
            // ReplyLedger's time buckets (one collection per hour by default): the current one and the one before.
            this.replies = db.getCollection("gateway_replies_20261202T0100");
            this.previousReplies = db.getCollection("gateway_replies_20261202T0000");
            this.holds = db.getCollection("quiz_pool_holds");
            this.issuing = db.getCollection("quiz_issuing");
        }

        /** HoldRepository's document: the fan holds a unit of the pool, taken under {@code token}. */
        static Document hold(String fanId, String token) {
            return new Document("_id", CAMPAIGN + "|" + POOL + "|" + fanId).append("t", token)
                    .append("campaignId", CAMPAIGN).append("poolId", POOL).append("fanId", fanId)
                    .append("at", System.currentTimeMillis());
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
            // QuizStore.ensureIndexes + the @Produces ExactIndex beans of FanRepository, TicketRepository,
            // HoldRepository, IssuingRepository, ReplyLedger.
            fans.createIndex(Indexes.ascending("campaignId", "state"));
            fans.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("exact__id_version"));
            tickets.createIndex(Indexes.ascending("campaignId", "fanId"),
                    new IndexOptions().unique(true).name("one_ticket_per_fan"));
            tickets.createIndex(Indexes.ascending("campaignId", "awardedAt"));
            pools.createIndex(Indexes.ascending("campaignId"));
            holds.createIndex(Indexes.ascending("_id", "t"), new IndexOptions().unique(true).name("exact__id_t"));
            issuing.createIndex(Indexes.ascending("_id", "token"), new IndexOptions().unique(true).name("exact__id_token"));
            for (MongoCollection<Document> bucket : List.of(replies, previousReplies)) {
                bucket.createIndex(Indexes.ascending("_id", "token", "state"),
                        new IndexOptions().unique(true).name("exact__id_token_state"));
                bucket.createIndex(Indexes.ascending("_id", "state", "token", "claimedAt"),
                        new IndexOptions().unique(true).name("exact__id_state_token_claimedAt"));
            }
            List<Document> fanBatch = new ArrayList<>();
            List<Document> ticketBatch = new ArrayList<>();
            List<Document> replyBatch = new ArrayList<>();
            List<Document> holdBatch = new ArrayList<>();
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
                holdBatch.add(hold(fanId, "seed-" + i));
                replyBatch.add(new Document("_id", "seed-" + i).append("state", "SENT").append("token", "t-" + i)
                        .append("claimedAt", now).append("reported", true).append("platformMessageId", "m-" + i)
                        .append("attempts", 1).append("finishedAt", now));
                if (fanBatch.size() == 1000) {
                    flush(fanBatch, ticketBatch, replyBatch, holdBatch);
                }
            }
            flush(fanBatch, ticketBatch, replyBatch, holdBatch);
            // One pool whose units are held by every seeded ticket's fan (a hold each, as HoldRepository keeps them;
            // nothing pending); room for the run's issues.
            pools.insertOne(new Document("_id", CAMPAIGN + "|" + POOL).append("campaignId", CAMPAIGN)
                    .append("poolId", POOL).append("name", "General").append("capacity", size + 1_000_000)
                    .append("remaining", 1_000_000).append("pending", List.of()));
        }

        private void flush(List<Document> f, List<Document> t, List<Document> r, List<Document> h) {
            if (!f.isEmpty()) {
                fans.insertMany(f);
                tickets.insertMany(t);
                replies.insertMany(r);
                holds.insertMany(h);
                previousReplies.insertMany(r.stream().map(d -> new Document(d).append("_id", "prev-" + d.get("_id")))
                        .toList());
            }
            f.clear();
            t.clear();
            r.clear();
            h.clear();
        }
    }
}
