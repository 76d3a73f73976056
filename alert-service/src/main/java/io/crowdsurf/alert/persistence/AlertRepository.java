package io.crowdsurf.alert.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowdsurf.alert.domain.Alert;

/**
 * Alerts, and the two lists that find them without a secondary index: by owner conversation and by grid cell.
 * Writes put an alert into its lists before the alert itself exists and take it out after it is gone, so a list
 * may name an alert that is missing (skipped on read) but an alert is never missing from its lists.
 */
@ApplicationScoped
public class AlertRepository {

    private final AlertStore store;
    private final ObjectMapper json;
    private final MongoOps ops;
    private final StateRepository states;

    public AlertRepository(AlertStore store, ObjectMapper json, MongoOps ops, StateRepository states) {
        this.store = store;
        this.json = json;
        this.ops = ops;
        this.states = states;
    }

    public void insert(Alert alert) {
        addToList(store.owners(), alert.owner().conversationId(), alert.id());
        addToList(store.cells(), alert.cell().key(), alert.id());
        ops.add();
        store.alerts().insertOne(toDocument(alert));
    }

    /** Replaces the alert; moves it to its new cell's list when the location changed. */
    public void replace(Alert before, Alert after) {
        boolean moved = !before.cell().key().equals(after.cell().key());
        if (moved) {
            addToList(store.cells(), after.cell().key(), after.id());
        }
        ops.add();
        store.alerts().replaceOne(Filters.eq("_id", after.id()), toDocument(after), new ReplaceOptions());
        if (moved) {
            removeFromList(store.cells(), before.cell().key(), before.id());
            states.move(after.id(), before.cell().key(), after.cell().key());
        }
    }

    public void delete(Alert alert) {
        ops.add();
        store.alerts().deleteOne(Filters.eq("_id", alert.id()));
        states.forget(alert.id(), alert.cell().key());
        removeFromList(store.cells(), alert.cell().key(), alert.id());
        removeFromList(store.owners(), alert.owner().conversationId(), alert.id());
    }

    public Optional<Alert> find(String id) {
        ops.add();
        Document d = store.alerts().find(Filters.eq("_id", id)).first();
        return Optional.ofNullable(d).map(this::fromDocument);
    }

    /** The alerts with these ids that exist (one {@code $in} read). */
    public Map<String, Alert> findAll(Collection<String> ids) {
        Map<String, Alert> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (List<String> chunk : MongoOps.chunks(ids)) {
            ops.add();
            for (Document d : store.alerts().find(Filters.in("_id", chunk))) {
                Alert a = fromDocument(d);
                out.put(a.id(), a);
            }
        }
        return out;
    }

    public List<String> idsOfOwner(String conversationId) {
        return list(store.owners(), conversationId);
    }

    /** Alert ids per cell key, for the cells that have a list. */
    public Map<String, List<String>> idsOfCells(Collection<String> cellKeys) {
        Map<String, List<String>> out = new HashMap<>();
        if (cellKeys.isEmpty()) {
            return out;
        }
        for (List<String> chunk : MongoOps.chunks(cellKeys)) {
            ops.add();
            for (Document d : store.cells().find(Filters.in("_id", chunk))) {
                out.put(d.getString("_id"), d.getList("alertIds", String.class, List.of()));
            }
        }
        return out;
    }

    /** Every cell that has alerts: the start of a run (one read of the small index documents' ids). */
    public List<String> allCellKeys() {
        List<String> keys = new ArrayList<>();
        ops.add();
        for (Document d : store.cells().find().projection(Projections.include("_id", "alertIds"))) {
            if (!d.getList("alertIds", String.class, List.of()).isEmpty()) {
                keys.add(d.getString("_id"));
            }
        }
        return keys;
    }

    private List<String> list(MongoCollection<Document> collection, String key) {
        ops.add();
        Document d = collection.find(Filters.eq("_id", key)).first();
        return d == null ? List.of() : d.getList("alertIds", String.class, List.of());
    }

    private void addToList(MongoCollection<Document> collection, String key, String alertId) {
        ops.add();
        collection.updateOne(Filters.eq("_id", key), Updates.addToSet("alertIds", alertId), new UpdateOptions().upsert(true));
    }

    private void removeFromList(MongoCollection<Document> collection, String key, String alertId) {
        ops.add();
        collection.updateOne(Filters.eq("_id", key), Updates.pull("alertIds", alertId));
    }

    Document toDocument(Alert alert) {
        try {
            Document d = Document.parse(json.writeValueAsString(alert));
            d.remove("id");
            d.put("_id", alert.id());
            return d;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store alert " + alert.id(), e);
        }
    }

    /**
     * Straight from the decoded document's values, not through JSON text again: field by field ({@link AlertDocuments})
     * for the documents {@link #toDocument} writes — a run decodes every alert, and Jackson's value conversion of the
     * nested maps was a large part of a batch's reads —, through Jackson for anything else.
     */
    private Alert fromDocument(Document d) {
        Alert direct = AlertDocuments.read(d);
        return direct != null ? direct : convert(d);
    }

    /** Jackson's reading of a stored alert (the reference {@link AlertDocuments} is held to). */
    Alert convert(Document d) {
        Document copy = new Document(d);
        copy.put("id", copy.remove("_id"));
        try {
            return json.convertValue(copy, Alert.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unreadable alert " + d.get("_id"), e);
        }
    }
}
