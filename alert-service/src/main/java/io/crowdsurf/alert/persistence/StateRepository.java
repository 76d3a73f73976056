package io.crowdsurf.alert.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.alert.domain.Notified;

/** Per alert, the windows already notified (one document per alert that has any). */
@ApplicationScoped
public class StateRepository {

    private final AlertStore store;
    private final MongoOps ops;

    public StateRepository(AlertStore store, MongoOps ops) {
        this.store = store;
        this.ops = ops;
    }

    public Map<String, List<Notified>> find(Collection<String> alertIds) {
        Map<String, List<Notified>> out = new HashMap<>();
        if (alertIds.isEmpty()) {
            return out;
        }
        for (List<String> chunk : MongoOps.chunks(alertIds)) {
            ops.add();
            for (Document d : store.states().find(Filters.in("_id", chunk))) {
                out.put(d.getString("_id"), notified(d));
            }
        }
        return out;
    }

    private static List<Notified> notified(Document d) {
        List<Notified> windows = new ArrayList<>();
        for (Document w : d.getList("notified", Document.class, List.of())) {
            windows.add(new Notified(w.getString("id"), Instant.parse(w.getString("start")),
                    Instant.parse(w.getString("end")), w.getString("phase")));
        }
        return windows;
    }

    /** Bulk writes (replace by {@code _id}, upsert) of the changed alerts, {@link MongoOps#IN_CHUNK} at a time. */
    public void saveAll(Map<String, List<Notified>> states) {
        if (states.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(states.size());
        states.forEach((id, windows) -> {
            List<Document> list = new ArrayList<>(windows.size());
            for (Notified n : windows) {
                list.add(new Document("id", n.opportunityId()).append("start", n.start().toString())
                        .append("end", n.end().toString()).append("phase", n.phase()));
            }
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id).append("notified", list),
                    new ReplaceOptions().upsert(true)));
        });
        for (List<WriteModel<Document>> chunk : MongoOps.chunks(writes)) {
            ops.add();
            store.states().bulkWrite(chunk, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        }
    }
}
