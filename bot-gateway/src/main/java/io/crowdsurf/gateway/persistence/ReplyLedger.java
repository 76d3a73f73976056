package io.crowdsurf.gateway.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * One document per replyId ({@code _id}, so the key is unique by construction): the claim that makes a
 * reply go out once however often its event is delivered. A delivery first inserts a CLAIMED document;
 * only the delivery whose insert succeeded sends. The outcome (SENT / FAILED) is recorded before the
 * outcome event is published, and {@code reported} after, so a crash between the two is repaired by the
 * next delivery of the same request. Single-document atomic writes only: no transactions needed. Every
 * filter is an exact lookup ({@link ExactIndex}): a reply is found by {@code _id}, and each compare-and-set
 * names the whole claim it expects, served by a unique index created with its collection.
 *
 * <p><b>Bounded without TTL indexes.</b> The ledger is split into time buckets, one collection each
 * ({@code gateway_replies_<UTC start, yyyyMMdd'T'HHmm>}, {@code gateway.outbound.ledger-bucket} wide), and a
 * bucket is dropped whole once it lies entirely beyond {@code gateway.outbound.ledger-retention}: one cheap
 * {@code drop} instead of deleting documents one by one, on real MongoDB and on the embedded server alike (which
 * has no TTL expiry). A reply's bucket comes from the <em>requesting event's time</em>, which every redelivery
 * of that event carries unchanged, so all deliveries of one event meet in one collection. A new claim also
 * looks the reply up in the bucket before (one {@code _id} lookup): the same replyId requested again by a new
 * event a little later (quiz-service handling its message twice) is still recognised across a bucket edge.
 * A request older than the retention, or dated in the future, is placed in the current bucket: the ledger no
 * longer remembers it, so e.g. a day-old dead letter replayed by hand is sent.
 */
@ApplicationScoped
public class ReplyLedger {

    public enum State { CLAIMED, SENT, FAILED }

    /** Where one reply's document lives: its id and its time bucket, fixed for the whole of one delivery. */
    public record Slot(String replyId, long bucket) {
    }

    /** What a delivery may do with a reply. */
    public sealed interface Claim {
        /** This delivery owns the send. */
        record Owned(String token, boolean takenOver) implements Claim {
        }

        /** Another live delivery is sending it right now. */
        record Busy() implements Claim {
        }

        /** Already sent or refused; {@code entry} says how and whether the outcome event went out. */
        record Done(Entry entry) implements Claim {
        }
    }

    /** A finished reply as recorded. */
    public record Entry(String replyId, State state, String platformMessageId, int status, String error, int attempts,
            boolean reported) {
    }

    /** The prefix of every bucket's collection. */
    public static final String COLLECTION_PREFIX = "gateway_replies_";
    private static final DateTimeFormatter BUCKET_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")
            .withZone(ZoneOffset.UTC);
    /** One reply by id (in any bucket: the filter shape is the same). */
    static final ExactIndex BY_ID = ExactIndex.id(COLLECTION_PREFIX);
    /** The owner's claim: renew and release compare-and-set on it. */
    static final ExactIndex OWNED_CLAIM = ExactIndex.unique(COLLECTION_PREFIX, "_id", "token", "state");
    /** A claim exactly as read: taking over a dead owner's claim compare-and-sets on it. */
    static final ExactIndex CLAIM_AS_READ = ExactIndex.unique(COLLECTION_PREFIX, "_id", "state", "token", "claimedAt");

    private final MongoDatabase db;
    private final long bucketMs;
    private final Duration retention;
    /** Buckets whose collection has its indexes; filled on first use, so a restart simply re-creates (no-op). */
    private final Map<Long, MongoCollection<Document>> prepared = new ConcurrentHashMap<>();

    @Inject
    public ReplyLedger(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database,
            GatewayConfig config) {
        this(mongo, database, config.outbound().ledgerBucket(), config.outbound().ledgerRetention());
    }

    public ReplyLedger(MongoClient mongo, String database, Duration bucket, Duration retention) {
        if (bucket.toMillis() < 1000 || retention.compareTo(bucket) < 0) {
            throw new IllegalArgumentException("ledger bucket must be >= 1 s and retention >= bucket, got " + bucket
                    + " / " + retention);
        }
        this.db = mongo.getDatabase(database);
        this.bucketMs = bucket.toMillis();
        this.retention = retention;
    }

    /**
     * The slot of a reply requested at {@code requestedAt} (the event's time; null when it had none): its own
     * bucket, or the current one when that time is unusable (absent, in the future, or beyond the retention).
     */
    public Slot slot(String replyId, Instant requestedAt, Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), bucketMs);
        if (requestedAt == null || requestedAt.isAfter(now) || requestedAt.isBefore(now.minus(retention))) {
            return new Slot(replyId, current);
        }
        return new Slot(replyId, Math.floorDiv(requestedAt.toEpochMilli(), bucketMs));
    }

    /** The collection name of a bucket. */
    public String collectionName(long bucket) {
        return COLLECTION_PREFIX + BUCKET_NAME.format(Instant.ofEpochMilli(bucket * bucketMs));
    }

    /**
     * Claims a reply for sending. A live owner renews its claim ({@link #renew}) every third of the lease,
     * so a claim not renewed for {@code lease} belongs to a delivery that died mid-send and is taken over:
     * the reply may then go out twice, once per crash, rather than never.
     */
    public Claim claim(Slot slot, Instant now, Duration lease) {
        MongoCollection<Document> replies = bucket(slot.bucket());
        String token = UUID.randomUUID().toString();
        if (DuplicateKey.insertIfAbsent(replies, new Document("_id", slot.replyId()).append("state", State.CLAIMED.name())
                .append("token", token).append("claimedAt", Date.from(now)).append("reported", false))) {
            return claimedFresh(slot, replies, token, now, lease);
        }
        Document existing = replies.find(BY_ID.filter(slot.replyId())).first();
        if (existing == null) {
            // Released between our insert and read: let the broker's retry try again.
            return new Claim.Busy();
        }
        return judge(replies, slot.replyId(), existing, token, now, lease);
    }

    /** A new claim in this bucket: unless the same reply is already in the bucket before (asked for again). */
    private Claim claimedFresh(Slot slot, MongoCollection<Document> replies, String token, Instant now, Duration lease) {
        Document earlier = db.getCollection(collectionName(slot.bucket() - 1)).find(BY_ID.filter(slot.replyId())).first();
        if (earlier == null) {
            return new Claim.Owned(token, false);
        }
        Claim judged = judge(null, slot.replyId(), earlier, token, now, lease);
        if (judged instanceof Claim.Owned) {
            // The earlier claim's owner died: ours, in this bucket, takes its place.
            return new Claim.Owned(token, true);
        }
        replies.deleteOne(OWNED_CLAIM.filter(slot.replyId(), token, State.CLAIMED.name()));
        return judged;
    }

    /** What an existing document means for a delivery; {@code replies} null = only judge, never take over. */
    private Claim judge(MongoCollection<Document> replies, String replyId, Document existing, String token, Instant now,
            Duration lease) {
        if (!State.CLAIMED.name().equals(existing.getString("state"))) {
            return new Claim.Done(entry(existing));
        }
        Date claimedAt = existing.getDate("claimedAt");
        String owner = existing.getString("token");
        if (claimedAt == null || owner == null || !claimedAt.before(Date.from(now.minus(lease)))) {
            return new Claim.Busy();
        }
        if (replies == null) {
            return new Claim.Owned(token, true);
        }
        // Compare-and-set on the claim as read: a renewal, a finish or another takeover since then wins.
        Document taken = replies.findOneAndUpdate(
                CLAIM_AS_READ.filter(replyId, State.CLAIMED.name(), owner, claimedAt),
                Updates.combine(Updates.set("token", token), Updates.set("claimedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return taken != null ? new Claim.Owned(token, true) : new Claim.Busy();
    }

    /** Heartbeat of the owner: its claim stays fresh while it is still sending. False if it is no longer its claim. */
    public boolean renew(Slot slot, String token, Instant now) {
        return bucket(slot.bucket()).updateOne(OWNED_CLAIM.filter(slot.replyId(), token, State.CLAIMED.name()),
                Updates.set("claimedAt", Date.from(now))).getMatchedCount() > 0;
    }

    public void recordSent(Slot slot, String platformMessageId, int attempts, Instant now) {
        finish(slot, Updates.combine(Updates.set("state", State.SENT.name()),
                Updates.set("platformMessageId", platformMessageId), Updates.set("attempts", attempts),
                Updates.set("finishedAt", Date.from(now))));
    }

    public void recordFailed(Slot slot, int status, String error, int attempts, Instant now) {
        finish(slot, Updates.combine(Updates.set("state", State.FAILED.name()), Updates.set("status", status),
                Updates.set("error", error), Updates.set("attempts", attempts), Updates.set("finishedAt", Date.from(now))));
    }

    public void markReported(Slot slot) {
        bucket(slot.bucket()).updateOne(BY_ID.filter(slot.replyId()), Updates.set("reported", true));
    }

    /** Gives the claim up (platform unavailable) so a later delivery of the event can send. */
    public void release(Slot slot, String token) {
        bucket(slot.bucket()).deleteOne(OWNED_CLAIM.filter(slot.replyId(), token, State.CLAIMED.name()));
    }

    /**
     * Drops every bucket that ended before {@code now - retention}; returns the names dropped. Idempotent, and
     * harmless while deliveries run: a drop never touches the buckets a delivery inside the retention can use.
     */
    public List<String> dropExpired(Instant now) {
        long oldestKept = Math.floorDiv(now.minus(retention).toEpochMilli(), bucketMs);
        List<String> dropped = new ArrayList<>();
        for (String name : db.listCollectionNames()) {
            Long bucket = bucketOf(name);
            if (bucket != null && bucket < oldestKept) {
                db.getCollection(name).drop();
                prepared.remove(bucket);
                dropped.add(name);
            }
        }
        return dropped;
    }

    private Long bucketOf(String name) {
        if (!name.startsWith(COLLECTION_PREFIX)) {
            return null;
        }
        try {
            Instant start = BUCKET_NAME.parse(name.substring(COLLECTION_PREFIX.length()), Instant::from);
            return Math.floorDiv(start.toEpochMilli(), bucketMs);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private MongoCollection<Document> bucket(long bucket) {
        MongoCollection<Document> ready = prepared.get(bucket);
        if (ready != null) {
            return ready;
        }
        String name = collectionName(bucket);
        MongoCollection<Document> replies = db.getCollection(name);
        // Created before the collection's first write; only remembered once it worked (MongoDB may be away).
        ExactIndex.unique(name, OWNED_CLAIM.keys().toArray(String[]::new)).createOn(replies);
        ExactIndex.unique(name, CLAIM_AS_READ.keys().toArray(String[]::new)).createOn(replies);
        prepared.put(bucket, replies);
        return replies;
    }

    private void finish(Slot slot, Bson update) {
        // Whoever finishes records it, even if its lease ran out meanwhile: the message did go out.
        // Upsert: the claim may be gone (a MongoDB that lost recent writes) and the outcome must still stick.
        bucket(slot.bucket()).updateOne(BY_ID.filter(slot.replyId()),
                Updates.combine(update, Updates.setOnInsert("reported", false)), new UpdateOptions().upsert(true));
    }

    private static Entry entry(Document d) {
        return new Entry(d.getString("_id"), State.valueOf(d.getString("state")), d.getString("platformMessageId"),
                d.getInteger("status", 0), d.getString("error"), d.getInteger("attempts", 0),
                d.getBoolean("reported", false));
    }
}
