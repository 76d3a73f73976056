package io.crowdsurf.metrics.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;

import io.crowdsurf.metrics.service.HitIds;

import io.crowdsurf.runtime.mongo.DuplicateKey;

/** {@code hitids}: {@code _id = site|hitId}, with the partition {@code p} and offset {@code o} that first carried it. */
@ApplicationScoped
public class HitIdRepository implements HitIds {

    private final MongoCollection<Document> ids;

    public HitIdRepository(MongoClient client, org.eclipse.microprofile.config.Config config) {
        String db = config.getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
        this.ids = client.getDatabase(db).getCollection("hitids");
    }

    @Override
    public Set<String> duplicates(List<Claim> claims) {
        Set<String> dup = new HashSet<>();
        if (claims.isEmpty()) {
            return dup;
        }
        List<Document> docs = new ArrayList<>(claims.size());
        for (Claim c : claims) {
            docs.add(new Document("_id", c.id()).append("p", c.partition()).append("o", c.offset()));
        }
        List<Integer> conflicts = List.of();
        try {
            ids.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            conflicts = DuplicateKey.refusedIndexes(e);
        }
        if (conflicts.isEmpty()) {
            return dup;
        }
        List<String> conflicting = new ArrayList<>();
        conflicts.forEach(i -> conflicting.add(claims.get(i).id()));
        Map<String, Document> stored = new HashMap<>();
        for (Document d : ids.find(Filters.in("_id", conflicting))) {
            stored.put(d.getString("_id"), d);
        }
        for (int i : conflicts) {
            Claim c = claims.get(i);
            Document d = stored.get(c.id());
            boolean itself = d != null && d.get("p") instanceof Number p && p.intValue() == c.partition()
                    && d.get("o") instanceof Number o && o.longValue() == c.offset();
            if (!itself) {
                dup.add(c.id() + "@" + c.offset());
            }
        }
        return dup;
    }
}
