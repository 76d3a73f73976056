package io.crowdsurf.metrics.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.metrics.domain.VisitorState;
import io.crowdsurf.metrics.service.VisitorStore;

import io.crowdsurf.runtime.mongo.DuplicateKey;

/**
 * Visitor states in {@code visitors}, {@code _id = site|visitorId}, with {@code off}: the offset of the last hit
 * applied, {@code hid} the ids of the hits applied (the newest; {@code hsc} chunks of older ones in
 * {@link HitIdRepository}). Writes are compare-and-set replaces on the plain {@code {_id, off}} filter (unique index on exactly
 * those keys), reads {@code _id $in [...]}.
 */
@ApplicationScoped
public class VisitorRepository implements VisitorStore {

    private final MongoCollection<Document> visitors;

    public VisitorRepository(MongoClient client, org.eclipse.microprofile.config.Config config) {
        String db = config.getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
        this.visitors = client.getDatabase(db).getCollection("visitors");
    }

    public void ensureIndexes() {
        visitors.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
    }

    @Override
    public Map<String, Stored> load(Collection<String> ids) {
        Map<String, Stored> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Document d : visitors.find(Filters.in("_id", ids))) {
            VisitorState s = new VisitorState(d.getLong("vs"), d.getLong("la"), d.getInteger("na"),
                    d.getInteger("vc"), d.getString("cb"), d.getString("rt"), d.getString("rn"), d.getString("dv"),
                    d.getString("br"), d.getList("sb", String.class), d.getList("seen", String.class),
                    d.getList("uk", String.class));
            List<String> hitIds = d.getList("hid", String.class);
            out.put(d.getString("_id"), new Stored(d.getLong("off"), s, hitIds == null ? List.of() : hitIds,
                    d.get("hsc") instanceof Number n ? n.intValue() : 0));
        }
        return out;
    }

    @Override
    public int save(List<Write> writes) {
        List<WriteModel<Document>> models = new ArrayList<>(writes.size());
        for (Write w : writes) {
            VisitorState s = w.state();
            Document doc = new Document("_id", w.id()).append("off", w.newOffset()).append("vs", s.visitStartMs())
                    .append("la", s.lastMs()).append("na", s.actions()).append("vc", s.visits())
                    .append("cb", s.combo()).append("rt", s.referrerType()).append("rn", s.referrerName())
                    .append("dv", s.deviceType()).append("br", s.browser()).append("sb", s.startBuckets())
                    .append("seen", s.seen()).append("uk", s.counted()).append("hid", w.hitIds())
                    .append("hsc", w.spilledChunks());
            Document filter = new Document("_id", w.id()).append("off", w.expectedOffset());
            models.add(new ReplaceOneModel<>(filter, doc, new ReplaceOptions().upsert(w.expectedOffset() < 0)));
        }
        // A refused upsert is a compare-and-set lost to someone who created the document first.
        return (int) DuplicateKey.bulkWriteApplied(visitors, models);
    }
}
