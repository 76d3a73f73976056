package io.crowdsurf.metrics.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.metrics.service.HitIds;

/**
 * {@code hitidchunks}: {@code _id = site|visitor|#n}, {@code v} the visitor key, {@code ids} the spilled hit ids.
 * Read with {@code _id $in [...]}, written with upserts on the plain {@code {_id}} filter: both index lookups.
 */
@ApplicationScoped
public class HitIdRepository implements HitIds {

    static final String COLLECTION = "hitidchunks";

    private final MongoCollection<Document> chunks;

    public HitIdRepository(MongoClient client, org.eclipse.microprofile.config.Config config) {
        String db = config.getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
        this.chunks = client.getDatabase(db).getCollection(COLLECTION);
    }

    static String chunkId(String visitorKey, int number) {
        return visitorKey + "|#" + number;
    }

    @Override
    public Map<String, Set<String>> spilled(Map<String, Integer> counts) {
        Map<String, Set<String>> out = new HashMap<>();
        List<String> ids = new ArrayList<>();
        counts.forEach((visitor, n) -> {
            out.put(visitor, new HashSet<>());
            for (int i = 0; i < n; i++) {
                ids.add(chunkId(visitor, i));
            }
        });
        if (ids.isEmpty()) {
            return out;
        }
        for (Document d : chunks.find(Filters.in("_id", ids))) {
            Set<String> set = out.get(d.getString("v"));
            if (set != null) {
                set.addAll(d.getList("ids", String.class));
            }
        }
        return out;
    }

    @Override
    public void write(Collection<Chunk> written) {
        if (written.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> models = new ArrayList<>(written.size());
        for (Chunk c : written) {
            String id = chunkId(c.visitorKey(), c.number());
            models.add(new ReplaceOneModel<>(new Document("_id", id),
                    new Document("_id", id).append("v", c.visitorKey()).append("ids", c.ids()),
                    new ReplaceOptions().upsert(true)));
        }
        chunks.bulkWrite(models);
    }
}
