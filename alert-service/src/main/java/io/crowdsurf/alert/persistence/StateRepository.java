package io.crowdsurf.alert.persistence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.alert.domain.Notified;

/**
 * The windows already notified, one document per grid cell ({@code alert_cell_states}:
 * {@code {_id: <cell key>, alerts: {<alert id>: <binary: [id, start, end, phase]…>}}}, start and end in epoch seconds;
 * each alert's windows are one binary value ({@link #packed}), not an array of sub-documents — a forecast refresh
 * writes some 300,000 windows and every hourly run reads them all back, and the server and the driver encode and
 * decode a sub-document with four named fields per window; the former arrays are still read), so
 * a batch reads its cells' states with one {@code $in} list of cell keys and writes them with one update per cell —
 * not one read and one write per alert. Each update sets or unsets only the fields of the alerts that changed, so an
 * API call moving or deleting another alert of the cell at the same time is not overwritten. Entries of alerts that
 * are no longer in the cell are dropped by the next run of the cell.
 *
 * <p>The former per-alert documents ({@code alert_states}, {@code _id} = alert id) are read once for a cell that has no
 * document yet, and that cell's whole state is then written in its document, so windows notified before the upgrade
 * are not announced again.
 */
@ApplicationScoped
public class StateRepository {

    /** Alert ids become field names: only server-made UUIDs do (no dot, no dollar). */
    private static final Pattern FIELD_SAFE = Pattern.compile("[0-9A-Za-z_-]+");
    /** First byte of an alert's packed windows ({@link #packed}). */
    private static final int PACKED_VERSION = 1;

    private final AlertStore store;
    private final MongoOps ops;

    public StateRepository(AlertStore store, MongoOps ops) {
        this.store = store;
        this.ops = ops;
    }

    /**
     * The states of some cells.
     *
     * @param byCell per cell key, the notified windows of each alert that has any
     * @param unsaved the cells that have no document yet (their next save writes every alert of the cell)
     */
    public record CellStates(Map<String, Map<String, List<Notified>>> byCell, Set<String> unsaved) {

        public List<Notified> of(String cellKey, String alertId) {
            return byCell.getOrDefault(cellKey, Map.of()).getOrDefault(alertId, List.of());
        }

        /** Alert ids with an entry in the cell's document. */
        public Set<String> alertsIn(String cellKey) {
            return byCell.getOrDefault(cellKey, Map.of()).keySet();
        }
    }

    /**
     * One {@code $in} read per {@link MongoOps#IN_CHUNK} cells; for cells without a document, the former per-alert
     * documents of {@code alertIdsByCell}'s alerts.
     */
    public CellStates find(Collection<String> cellKeys, Map<String, List<String>> alertIdsByCell) {
        Map<String, Map<String, List<Notified>>> byCell = new HashMap<>();
        if (cellKeys.isEmpty()) {
            return new CellStates(byCell, Set.of());
        }
        for (List<String> chunk : MongoOps.chunks(cellKeys)) {
            ops.add();
            for (Document d : store.cellStates().find(Filters.in("_id", chunk))) {
                Map<String, List<Notified>> alerts = new HashMap<>();
                Document entries = d.get("alerts", Document.class);
                if (entries != null) {
                    entries.forEach((alertId, list) -> alerts.put(alertId, notified(list)));
                }
                byCell.put(d.getString("_id"), alerts);
            }
        }
        Set<String> unsaved = new HashSet<>(cellKeys);
        unsaved.removeAll(byCell.keySet());
        readLegacy(unsaved, alertIdsByCell, byCell);
        return new CellStates(byCell, unsaved);
    }

    private void readLegacy(Set<String> cells, Map<String, List<String>> alertIdsByCell,
            Map<String, Map<String, List<Notified>>> byCell) {
        Map<String, String> cellOf = new HashMap<>();
        for (String cell : cells) {
            for (String id : alertIdsByCell.getOrDefault(cell, List.of())) {
                cellOf.put(id, cell);
            }
        }
        if (cellOf.isEmpty()) {
            return;
        }
        for (List<String> chunk : MongoOps.chunks(cellOf.keySet())) {
            ops.add();
            for (Document d : store.states().find(Filters.in("_id", chunk))) {
                List<Notified> windows = new ArrayList<>();
                for (Document w : d.getList("notified", Document.class, List.of())) {
                    windows.add(new Notified(w.getString("id"), Instant.parse(w.getString("start")),
                            Instant.parse(w.getString("end")), w.getString("phase")));
                }
                byCell.computeIfAbsent(cellOf.get(d.getString("_id")), k -> new HashMap<>()).put(d.getString("_id"), windows);
            }
        }
    }

    /**
     * One update per cell (bulk, unordered, upsert), {@link MongoOps#IN_CHUNK} cells per bulk write.
     *
     * @param changes per cell key, the alerts whose windows changed and their new windows (an empty list removes the
     *        alert's entry); a cell with no change but no document yet gets an empty document
     */
    public void saveAll(Map<String, Map<String, List<Notified>>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        changes.forEach((cell, alerts) -> {
            List<Bson> updates = new ArrayList<>(alerts.size());
            alerts.forEach((alertId, windows) -> updates.add(windows.isEmpty() ? Updates.unset(field(alertId))
                    : Updates.set(field(alertId), packed(windows))));
            if (updates.isEmpty()) {
                // Marks the cell as saved (no legacy read next time) without touching another writer's entries; an
                // upsert of $set/$unset alone creates the document too.
                updates.add(Updates.setOnInsert("alerts", new Document()));
            }
            writes.add(new UpdateOneModel<>(new Document("_id", cell), Updates.combine(updates), upsert));
        });
        for (List<WriteModel<Document>> chunk : MongoOps.chunks(writes)) {
            ops.add();
            store.cellStates().bulkWrite(chunk, new BulkWriteOptions().ordered(false));
        }
    }

    /** An alert left {@code fromCell} for {@code toCell}: its notified windows go with it (a later run cancels them). */
    public void move(String alertId, String fromCell, String toCell) {
        ops.add();
        Document from = store.cellStates().find(new Document("_id", fromCell))
                .projection(Projections.include(field(alertId))).first();
        Document entries = from == null ? null : from.get("alerts", Document.class);
        Object list = entries == null ? null : entries.get(alertId);
        if (list != null) {
            ops.add();
            store.cellStates().updateOne(new Document("_id", toCell), Updates.set(field(alertId), list),
                    new UpdateOptions().upsert(true));
        }
        forget(alertId, fromCell);
    }

    /** The alert is gone from the cell (deleted): its entry goes too. */
    public void forget(String alertId, String cell) {
        ops.add();
        store.cellStates().updateOne(new Document("_id", cell), Updates.unset(field(alertId)));
        ops.add();
        store.states().deleteOne(new Document("_id", alertId));
    }

    private static String field(String alertId) {
        if (!FIELD_SAFE.matcher(alertId).matches()) {
            throw new IllegalArgumentException("alert id not usable as a field name: " + alertId);
        }
        return "alerts." + alertId;
    }

    /**
     * An alert's notified windows as one binary value: per window its opportunity id, start, end (epoch seconds) and
     * phase ({@link DataOutputStream} form: modified UTF-8 strings with a length prefix, big-endian longs).
     */
    static Binary packed(List<Notified> windows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + windows.size() * 80);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PACKED_VERSION);
            out.writeShort(windows.size());
            for (Notified n : windows) {
                out.writeUTF(n.opportunityId());
                out.writeLong(n.start().getEpochSecond());
                out.writeLong(n.end().getEpochSecond());
                out.writeUTF(n.phase());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return new Binary(bytes.toByteArray());
    }

    static List<Notified> notified(Object value) {
        List<Notified> windows = new ArrayList<>();
        if (value instanceof Binary b) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b.getData()))) {
                int version = in.readUnsignedByte();
                if (version != PACKED_VERSION) {
                    throw new IllegalStateException("notified windows in an unknown form " + version);
                }
                for (int i = 0, n = in.readUnsignedShort(); i < n; i++) {
                    String id = in.readUTF();
                    Instant start = Instant.ofEpochSecond(in.readLong());
                    Instant end = Instant.ofEpochSecond(in.readLong());
                    windows.add(new Notified(id, start, end, in.readUTF()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable notified windows", e);
            }
            return windows;
        }
        // The former form: an array of {id, start, end, phase} documents (still read; rewritten by the next change).
        if (value instanceof List<?> items) {
            for (Object o : items) {
                if (o instanceof Document w) {
                    windows.add(new Notified(w.getString("id"), Instant.ofEpochSecond(((Number) w.get("start")).longValue()),
                            Instant.ofEpochSecond(((Number) w.get("end")).longValue()), w.getString("phase")));
                }
            }
        }
        return windows;
    }
}
