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
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.metrics.service.RollupStore;

import io.crowdsurf.runtime.mongo.DuplicateKey;

/**
 * Rollup documents in {@code rollups}: one per site × bucket × partition, {@code _id = site|bucket|partition},
 * holding {@code off} (the last offset of that partition applied to it), {@code uv} (unique visitors) and
 * {@code t.<table>.<value>.<combo>.<metric>}. Every write is a compare-and-set replace on {@code {_id, off}} — a plain
 * two-key filter matching the unique index on exactly those keys, so mongo-java-server looks it up instead of
 * scanning — and every read is {@code _id $in [...]}.
 */
@ApplicationScoped
public class RollupRepository implements RollupStore, io.crowdsurf.metrics.service.RollupReader {

    static final String COLLECTION = "rollups";

    private final MongoCollection<Document> rollups;

    public RollupRepository(MongoClient client, org.eclipse.microprofile.config.Config config) {
        String db = config.getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
        this.rollups = client.getDatabase(db).getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        rollups.createIndex(Indexes.ascending("_id", "off"), new IndexOptions().unique(true).name("cas"));
    }

    @Override
    public Map<String, Loaded> load(Collection<String> ids) {
        Map<String, Loaded> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Document d : rollups.find(Filters.in("_id", ids))) {
            Map<String, Number> top = new HashMap<>();
            if (d.get("uv") instanceof Number n) {
                top.put("uv", n);
            }
            Map<String, Map<String, Map<String, Map<String, Number>>>> tables = new HashMap<>();
            if (d.get("t") instanceof Map<?, ?> t) {
                for (Map.Entry<?, ?> te : t.entrySet()) {
                    if (!(te.getValue() instanceof Map<?, ?> values)) {
                        continue;
                    }
                    Map<String, Map<String, Map<String, Number>>> byValue = new HashMap<>();
                    for (Map.Entry<?, ?> ve : values.entrySet()) {
                        if (!(ve.getValue() instanceof Map<?, ?> combos)) {
                            continue;
                        }
                        Map<String, Map<String, Number>> byCombo = new HashMap<>();
                        for (Map.Entry<?, ?> ce : combos.entrySet()) {
                            if (!(ce.getValue() instanceof Map<?, ?> metrics)) {
                                continue;
                            }
                            Map<String, Number> m = new HashMap<>();
                            metrics.forEach((k, v) -> {
                                if (v instanceof Number n) {
                                    // Metric names and combos are a few dozen strings: one copy each, not one
                                    // per cell of every cached document.
                                    m.put(String.valueOf(k).intern(), n);
                                }
                            });
                            byCombo.put(String.valueOf(ce.getKey()).intern(), m);
                        }
                        byValue.put(String.valueOf(ve.getKey()), byCombo);
                    }
                    tables.put(String.valueOf(te.getKey()), byValue);
                }
            }
            out.put(d.getString("_id"), new Loaded(number(d.get("off")), new Body(top, tables)));
        }
        return out;
    }

    @Override
    public int apply(List<Update> updates) {
        List<WriteModel<Document>> models = new ArrayList<>(updates.size());
        for (Update u : updates) {
            // The whole document, replaced: mongo-java-server applies an $inc path by path (a regular
            // expression per path segment) and re-encodes the document anyway, so one replace per document
            // and batch is what costs least; on real MongoDB it is one small write per document and batch too.
            Document doc = new Document("_id", u.id()).append("s", u.site()).append("b", u.bucket())
                    .append("p", u.partition()).append("off", u.newOffset());
            u.body().top().forEach(doc::append);
            doc.append("t", u.body().tables());
            // A plain {_id, off} document, never Filters.and: that shape is what uses the unique index.
            Document filter = new Document("_id", u.id()).append("off", u.expectedOffset());
            models.add(new ReplaceOneModel<>(filter, doc, new ReplaceOptions().upsert(u.expectedOffset() < 0)));
        }
        // A refused upsert is a compare-and-set lost to someone who created the document first.
        return (int) DuplicateKey.bulkWriteApplied(rollups, models);
    }

    /** The stored documents of the given ids, as plain maps with only the given fields, for reports. */
    @Override
    public List<Document> find(Collection<String> ids, Collection<String> fields) {
        List<Document> out = new ArrayList<>();
        if (!ids.isEmpty()) {
            rollups.find(Filters.in("_id", ids)).projection(Projections.include(List.copyOf(fields))).into(out);
        }
        return out;
    }

    @Override
    public int partitionCount() {
        Document d = rollups.find(new Document("_id", META)).first();
        return d == null ? 0 : (int) number(d.get("n"));
    }

    public void notePartitions(int n) {
        rollups.updateOne(new Document("_id", META), new Document("$max", new Document("n", n)),
                new UpdateOptions().upsert(true));
    }

    private static final String META = "meta|partitions";

    static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }
}
