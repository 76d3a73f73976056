package io.crowdsurf.metrics.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowdsurf.metrics.domain.MemberRollup;
import io.crowdsurf.metrics.domain.TicketRollup;
import io.crowdsurf.runtime.mongo.ExactIndex;

/**
 * The {@code /stats} rollups and their once-only bookkeeping, without multi-document transactions. Every operation
 * is a single-document write or read by {@code _id} alone (the exact-index rule of FACTS.md); the rollups are a
 * fixed handful of documents ({@code members}, {@code tickets}), whatever the number of events.
 *
 * <p>How one fact (a new fan, an awarded ticket, a check-in) is counted exactly once across redeliveries and
 * crashes:
 * <ol>
 * <li>{@link #claim}: a marker document {@code _id = fact} is inserted if absent, remembering which event claimed
 * it. Another event about the same fact (the fan's second message) is not the claimer and counts nothing.</li>
 * <li>The claimer reads the rollup; unless its {@code pending} map already holds the fact (an earlier attempt of
 * the same event incremented it, then failed), it increments the counters and adds the fact to {@code pending} in
 * the same single-document update.</li>
 * <li>{@link #markCounted} on the marker, then {@link #clearPending} on the rollup. A retry after step 3 sees the
 * marker counted and only clears {@code pending}, so {@code pending} holds only facts in flight.</li>
 * </ol>
 */
@ApplicationScoped
public class StatsRepository {

    static final String ROLLUPS = "stats_rollups";
    static final String MARKERS = "stats_markers";
    public static final String MEMBERS = "members";
    public static final String TICKETS = "tickets";
    /** Every operation is by {@code _id} alone, the one shape mongo-java-server (and any MongoDB) looks up. */
    private static final ExactIndex ROLLUP_BY_ID = ExactIndex.id(ROLLUPS);
    private static final ExactIndex MARKER_BY_ID = ExactIndex.id(MARKERS);

    private final MongoCollection<Document> rollups;
    private final MongoCollection<Document> markers;

    public StatsRepository(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database) {
        this.rollups = mongo.getDatabase(database).getCollection(ROLLUPS);
        this.markers = mongo.getDatabase(database).getCollection(MARKERS);
    }

    /** The marker's state as this event sees it. */
    public record Claim(boolean mine, boolean counted) {
    }

    public Claim claim(String fact, String eventId, Instant at) {
        Document marker = markers.findOneAndUpdate(MARKER_BY_ID.filter(fact),
                Updates.combine(Updates.setOnInsert("claimedBy", eventId), Updates.setOnInsert("counted", false),
                        Updates.setOnInsert("at", Date.from(at))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return new Claim(eventId.equals(marker.getString("claimedBy")), Boolean.TRUE.equals(marker.getBoolean("counted")));
    }

    /** Step 2 for a new fan. */
    public void countFan(String fact, String platform, String referral, String name, Instant firstAt) {
        Document rollup = rollups.find(ROLLUP_BY_ID.filter(MEMBERS)).first();
        if (pending(rollup, fact)) {
            return;
        }
        Map<String, Integer> inc = new LinkedHashMap<>();
        inc.put("fans", 1);
        inc.put("platforms." + fieldKey(platform), 1);
        if (referral != null) {
            inc.put("referred", 1);
            inc.put("referrals." + fieldKey(referral), 1);
        }
        Map<String, Object> set = new LinkedHashMap<>();
        Date last = rollup == null ? null : rollup.getDate("lastFanAt");
        if (last == null || firstAt.isAfter(last.toInstant())) {
            set.put("lastFanAt", Date.from(firstAt));
            set.put("lastFanName", name);
            set.put("lastFanPlatform", platform);
        }
        apply(MEMBERS, fact, inc, set);
    }

    /** Step 2 for an awarded ticket. */
    public void countAward(String fact, String campaignId, String poolId, String poolName) {
        Document rollup = rollups.find(ROLLUP_BY_ID.filter(TICKETS)).first();
        if (pending(rollup, fact)) {
            return;
        }
        String pool = "campaigns." + fieldKey(campaignId) + ".pools." + fieldKey(poolId);
        Map<String, Object> set = new LinkedHashMap<>();
        if (poolName != null) {
            set.put(pool + ".name", poolName);
        }
        apply(TICKETS, fact, Map.of("awarded", 1, pool + ".awarded", 1), set);
    }

    /** Step 2 for a checked-in ticket (its pool's name too: a check-in may arrive before its award). */
    public void countCheckIn(String fact, String campaignId, String poolId, String poolName) {
        Document rollup = rollups.find(ROLLUP_BY_ID.filter(TICKETS)).first();
        if (pending(rollup, fact)) {
            return;
        }
        String pool = "campaigns." + fieldKey(campaignId) + ".pools." + fieldKey(poolId);
        Map<String, Object> set = new LinkedHashMap<>();
        if (poolName != null) {
            set.put(pool + ".name", poolName);
        }
        apply(TICKETS, fact, Map.of("checkedIn", 1, pool + ".checkedIn", 1), set);
    }

    public void markCounted(String fact) {
        markers.updateOne(MARKER_BY_ID.filter(fact), Updates.set("counted", true));
    }

    public void clearPending(String rollupId, String fact) {
        rollups.updateOne(ROLLUP_BY_ID.filter(rollupId), Updates.unset("pending." + factKey(fact)));
    }

    public MemberRollup members() {
        Document d = rollups.find(ROLLUP_BY_ID.filter(MEMBERS)).first();
        if (d == null) {
            return MemberRollup.EMPTY;
        }
        Date last = d.getDate("lastFanAt");
        return new MemberRollup(number(d, "fans"), number(d, "referred"), counts(d.get("referrals", Document.class)),
                counts(d.get("platforms", Document.class)), d.getString("lastFanName"), d.getString("lastFanPlatform"),
                last == null ? null : last.toInstant());
    }

    public TicketRollup tickets() {
        Document d = rollups.find(ROLLUP_BY_ID.filter(TICKETS)).first();
        if (d == null) {
            return TicketRollup.EMPTY;
        }
        List<TicketRollup.Pool> pools = new ArrayList<>();
        Document campaigns = d.get("campaigns", Document.class);
        if (campaigns != null) {
            for (Map.Entry<String, Object> c : campaigns.entrySet()) {
                Document cd = (Document) c.getValue();
                Document ps = cd.get("pools", Document.class);
                if (ps == null) {
                    continue;
                }
                for (Map.Entry<String, Object> p : ps.entrySet()) {
                    Document pd = (Document) p.getValue();
                    pools.add(new TicketRollup.Pool(fromFieldKey(c.getKey()), fromFieldKey(p.getKey()),
                            pd.getString("name"), number(pd, "awarded"), number(pd, "checkedIn")));
                }
            }
        }
        return new TicketRollup(number(d, "awarded"), number(d, "checkedIn"), pools);
    }

    private void apply(String rollupId, String fact, Map<String, Integer> counters, Map<String, Object> fields) {
        Document inc = new Document();
        counters.forEach(inc::append);
        Document set = new Document("pending." + factKey(fact), new Date());
        fields.forEach(set::append);
        rollups.updateOne(ROLLUP_BY_ID.filter(rollupId), new Document("$inc", inc).append("$set", set),
                new UpdateOptions().upsert(true));
    }

    private static boolean pending(Document rollup, String fact) {
        Document pending = rollup == null ? null : rollup.get("pending", Document.class);
        return pending != null && pending.containsKey(factKey(fact));
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static Map<String, Long> counts(Document d) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (d != null) {
            d.forEach((k, v) -> out.put(fromFieldKey(k), v instanceof Number n ? n.longValue() : 0L));
        }
        return out;
    }

    /** A fact id as a field name: hashed, since ids may hold '.' or '$' (and this keeps it short). */
    static String factKey(String fact) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(fact.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user-given id (referral code, campaign, pool) as one field-name segment, reversibly. */
    static String fieldKey(String id) {
        StringBuilder b = new StringBuilder("k");
        for (char c : id.toCharArray()) {
            if (c == '.' || c == '$' || c == '%' || c == 0) {
                b.append('%').append(String.format("%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String fromFieldKey(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '%' && i + 2 < key.length()) {
                b.append((char) Integer.parseInt(key.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
