package io.crowdsurf.gateway.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * One document per replyId ({@code _id}, so the key is unique by construction): the claim that makes a
 * reply go out once however often its event is delivered. A delivery first inserts a CLAIMED document;
 * only the delivery whose insert succeeded sends. The outcome (SENT / FAILED) is recorded before the
 * outcome event is published, and {@code reported} after, so a crash between the two is repaired by the
 * next delivery of the same request. Single-document atomic writes only: no transactions needed. Every
 * filter is an exact lookup ({@link ExactIndex}): a reply is found by {@code _id}, and each compare-and-set
 * names the whole claim it expects, served by a unique index created at start-up.
 */
@ApplicationScoped
public class ReplyLedger {

    public enum State { CLAIMED, SENT, FAILED }

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

    static final String COLLECTION = "gateway_replies";
    /** One reply by id. */
    static final ExactIndex BY_ID = ExactIndex.id(COLLECTION);
    /** The owner's claim: renew and release compare-and-set on it. */
    @Produces
    static final ExactIndex OWNED_CLAIM = ExactIndex.unique(COLLECTION, "_id", "token", "state");
    /** A claim exactly as read: taking over a dead owner's claim compare-and-sets on it. */
    @Produces
    static final ExactIndex CLAIM_AS_READ = ExactIndex.unique(COLLECTION, "_id", "state", "token", "claimedAt");

    private final MongoCollection<Document> replies;

    public ReplyLedger(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database) {
        this.replies = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    /**
     * Claims a reply for sending. A live owner renews its claim ({@link #renew}) every third of the lease,
     * so a claim not renewed for {@code lease} belongs to a delivery that died mid-send and is taken over:
     * the reply may then go out twice, once per crash, rather than never.
     */
    public Claim claim(String replyId, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        if (DuplicateKey.insertIfAbsent(replies, new Document("_id", replyId).append("state", State.CLAIMED.name())
                .append("token", token).append("claimedAt", Date.from(now)).append("reported", false))) {
            return new Claim.Owned(token, false);
        }
        Document existing = replies.find(BY_ID.filter(replyId)).first();
        if (existing == null) {
            // Released between our insert and read: let the broker's retry try again.
            return new Claim.Busy();
        }
        if (!State.CLAIMED.name().equals(existing.getString("state"))) {
            return new Claim.Done(entry(existing));
        }
        Date claimedAt = existing.getDate("claimedAt");
        String owner = existing.getString("token");
        if (claimedAt == null || owner == null || !claimedAt.before(Date.from(now.minus(lease)))) {
            return new Claim.Busy();
        }
        // Compare-and-set on the claim as read: a renewal, a finish or another takeover since then wins.
        Document taken = replies.findOneAndUpdate(
                CLAIM_AS_READ.filter(replyId, State.CLAIMED.name(), owner, claimedAt),
                Updates.combine(Updates.set("token", token), Updates.set("claimedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return taken != null ? new Claim.Owned(token, true) : new Claim.Busy();
    }

    /** Heartbeat of the owner: its claim stays fresh while it is still sending. False if it is no longer its claim. */
    public boolean renew(String replyId, String token, Instant now) {
        return replies.updateOne(OWNED_CLAIM.filter(replyId, token, State.CLAIMED.name()),
                Updates.set("claimedAt", Date.from(now))).getMatchedCount() > 0;
    }

    public void recordSent(String replyId, String platformMessageId, int attempts, Instant now) {
        finish(replyId, Updates.combine(Updates.set("state", State.SENT.name()),
                Updates.set("platformMessageId", platformMessageId), Updates.set("attempts", attempts),
                Updates.set("finishedAt", Date.from(now))));
    }

    public void recordFailed(String replyId, int status, String error, int attempts, Instant now) {
        finish(replyId, Updates.combine(Updates.set("state", State.FAILED.name()), Updates.set("status", status),
                Updates.set("error", error), Updates.set("attempts", attempts), Updates.set("finishedAt", Date.from(now))));
    }

    public void markReported(String replyId) {
        replies.updateOne(BY_ID.filter(replyId), Updates.set("reported", true));
    }

    /** Gives the claim up (platform unavailable) so a later delivery of the event can send. */
    public void release(String replyId, String token) {
        replies.deleteOne(OWNED_CLAIM.filter(replyId, token, State.CLAIMED.name()));
    }

    private void finish(String replyId, Bson update) {
        // Whoever finishes records it, even if its lease ran out meanwhile: the message did go out.
        // Upsert: the claim may be gone (a MongoDB that lost recent writes) and the outcome must still stick.
        replies.updateOne(BY_ID.filter(replyId), Updates.combine(update, Updates.setOnInsert("reported", false)),
                new UpdateOptions().upsert(true));
    }

    private static Entry entry(Document d) {
        return new Entry(d.getString("_id"), State.valueOf(d.getString("state")), d.getString("platformMessageId"),
                d.getInteger("status", 0), d.getString("error"), d.getInteger("attempts", 0),
                d.getBoolean("reported", false));
    }
}
