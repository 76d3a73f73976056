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
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.metrics.domain.Keys;
import io.crowdsurf.metrics.domain.Table;
import io.crowdsurf.metrics.service.RollupStore;

import io.crowdsurf.runtime.mongo.DuplicateKey;

/**
 * Rollup documents in {@code rollups}: one per site × bucket × partition, {@code _id = site|bucket|partition},
 * holding {@code off} (the last offset of that partition applied to it), {@code uv} (unique visitors) and
 * {@code t.<table>.<value>.<combo>.<metric>}. Every write is a compare-and-set on {@code {_id, off}} — a plain
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
        for (Document d : rollups.find(Filters.in("_id", ids)).projection(null)) {
            Map<Table, java.util.Set<String>> keys = new HashMap<>();
            Document t = d.get("t", Document.class);
            if (t != null) {
                for (Map.Entry<String, Object> e : t.entrySet()) {
                    Table table = Table.ofField(e.getKey());
                    if (table != null && e.getValue() instanceof Document rows) {
                        keys.put(table, new java.util.HashSet<>(rows.keySet()));
                    }
                }
            }
            out.put(d.getString("_id"), new Loaded(number(d.get("off")), keys));
        }
        return out;
    }

    @Override
    public int apply(List<Update> updates) {
        List<WriteModel<Document>> models = new ArrayList<>(updates.size());
        for (Update u : updates) {
            Document inc = new Document();
            Document max = new Document();
            Document min = new Document();
            for (Change c : u.changes()) {
                String path = c.table() == null ? c.metric()
                        : "t." + c.table().field() + "." + Keys.encode(c.value()) + "." + c.combo() + "." + c.metric();
                switch (c.op()) {
                    case INC -> inc.put(path, c.amount());
                    case MAX -> max.put(path, c.amount());
                    case MIN -> min.put(path, c.amount());
                }
            }
            Document update = new Document("$set", new Document("off", u.newOffset()).append("s", u.site())
                    .append("b", u.bucket()).append("p", u.partition()));
            if (!inc.isEmpty()) {
                update.append("$inc", inc);
            }
            if (!max.isEmpty()) {
                update.append("$max", max);
            }
            if (!min.isEmpty()) {
                update.append("$min", min);
            }
            // A plain {_id, off} document, never Filters.and: that shape is what uses the unique index.
            Document filter = new Document("_id", u.id()).append("off", u.expectedOffset());
            models.add(new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(u.expectedOffset() < 0)));
        }
        // A refused upsert is a compare-and-set lost to someone who created the document first.
        return (int) DuplicateKey.bulkWriteApplied(rollups, models);
    }

    /** The stored documents of the given ids, as plain maps, for reports. */
    @Override
    public List<Document> find(Collection<String> ids) {
        List<Document> out = new ArrayList<>();
        if (!ids.isEmpty()) {
            rollups.find(Filters.in("_id", ids)).into(out);
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
