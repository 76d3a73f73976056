package io.crowdsurf.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * alert-service's per-request and per-cell MongoDB operations for {@code mongo-ops} (issue 12 §1), restated from
 * its persistence classes (AlertRepository, ForecastRepository, StateRepository): every filter is a plain
 * {@code {_id}} or an {@code $in} on {@code _id}, the shapes that are index lookups on mongo-java-server. The
 * collections hold {@code size} alerts, 20 per grid cell (as in the alerts benchmark), each cell with its alert list,
 * its stored forecast (8 series of 192 hours) and its notified windows. A filter here that differs from the
 * service's is a bug in this benchmark.
 */
final class AlertMongoOps {

    static final int ALERTS_PER_CELL = 20;
    private static final int HOURS = 192;

    private final int cells;
    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> owners;
    private final MongoCollection<Document> cellLists;
    private final MongoCollection<Document> forecasts;
    private final MongoCollection<Document> cellStates;
    private final SplittableRandom random = new SplittableRandom(9);
    private int created;

    private AlertMongoOps(MongoDatabase db, int size) {
        this.cells = Math.max(1, size / ALERTS_PER_CELL);
        this.alerts = db.getCollection("alerts");
        this.owners = db.getCollection("alert_owners");
        this.cellLists = db.getCollection("alert_cells");
        this.forecasts = db.getCollection("alert_forecasts");
        this.cellStates = db.getCollection("alert_cell_states");
    }

    /** Seeds {@code size} alerts and returns the operations to time, by label. */
    static Map<String, Runnable> seed(MongoDatabase db, int size) {
        AlertMongoOps f = new AlertMongoOps(db, size);
        f.fill();
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("alert create (owner + cell list upserts, insert)", f::create);
        ops.put("alerts of an owner ({_id} list + $in)", f::listByOwner);
        ops.put("one cell's evaluation I/O (list, forecast, alerts $in, state; forecast + state writes)", f::evaluateCell);
        return ops;
    }

    private static String cellKey(int c) {
        return (500 + c / 1000) + ":" + (c % 1000);
    }

    private static String alertId(int c, int i) {
        return String.format(java.util.Locale.ROOT, "%08d-0000-4000-8000-%012d", c, i);
    }

    private static String owner(int c) {
        return "webchat:bench:owner-" + c;
    }

    private static Document alert(String id, int c) {
        return new Document("_id", id).append("nickname", "bench " + id)
                .append("owner", new Document("platform", "webchat").append("conversationId", owner(c)))
                .append("webhookUrl", null)
                .append("location", new Document("latitude", 50 + c / 1000 / 10.0).append("longitude", (c % 1000) / 10.0)
                        .append("name", null).append("timeZone", null))
                .append("conditions", new Document("light", List.of("evening-golden-hour")).append("twilight", List.of())
                        .append("days", List.of()).append("precipitation", List.of("snow")).append("precipitationMm", null)
                        .append("maxLowCloud", null).append("horizonHours", 48).append("minWindowMinutes", 0))
                .append("createdAt", "2026-12-01T00:00:00Z").append("updatedAt", "2026-12-01T00:00:00Z");
    }

    private static Document forecast(String key) {
        List<Long> time = new ArrayList<>(HOURS);
        List<Double> amounts = new ArrayList<>(HOURS);
        List<Integer> codes = new ArrayList<>(HOURS);
        for (int h = 0; h < HOURS; h++) {
            time.add(1_764_547_200L + h * 3600L);
            amounts.add(h % 7 == 0 ? 0.4 : 0.0);
            codes.add(h % 7 == 0 ? 61 : 2);
        }
        return new Document("_id", key).append("timezone", "Europe/Amsterdam").append("fetchedAt", "2026-12-01T02:00:00Z")
                .append("time", time).append("precipitation", amounts).append("rain", amounts).append("showers", amounts)
                .append("snowfall", amounts).append("weatherCode", codes).append("cloudCoverLow", codes)
                .append("cloudCover", codes).append("isDay", codes);
    }

    /** One notified window in StateRepository's packed form (version 1, count, then id, start, end, phase). */
    private static org.bson.types.Binary windows(String alertId) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeShort(1);
            out.writeUTF(alertId + ":1764615600");
            out.writeLong(1_764_615_600L);
            out.writeLong(1_764_619_200L);
            out.writeUTF("evening-golden-hour");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new org.bson.types.Binary(bytes.toByteArray());
    }

    private void fill() {
        List<Document> alertBatch = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            List<String> ids = new ArrayList<>();
            Document states = new Document();
            for (int i = 0; i < ALERTS_PER_CELL; i++) {
                String id = alertId(c, i);
                ids.add(id);
                alertBatch.add(alert(id, c));
                states.append(id, windows(id));
            }
            owners.insertOne(new Document("_id", owner(c)).append("alertIds", ids));
            cellLists.insertOne(new Document("_id", cellKey(c)).append("alertIds", ids));
            forecasts.insertOne(forecast(cellKey(c)));
            cellStates.insertOne(new Document("_id", cellKey(c)).append("alerts", states));
            if (alertBatch.size() >= 1000) {
                alerts.insertMany(alertBatch);
                alertBatch.clear();
            }
        }
        if (!alertBatch.isEmpty()) {
            alerts.insertMany(alertBatch);
        }
    }

    /**
     * AlertRepository.insert: the alert into its owner's and its cell's lists (upserts), then the alert. In a cell
     * of its own, so the seeded cells the other operations read keep their 20 alerts.
     */
    private void create() {
        int c = cells + created++;
        String id = UUID.randomUUID().toString();
        owners.updateOne(Filters.eq("_id", "webchat:bench:new-" + id), Updates.addToSet("alertIds", id),
                new UpdateOptions().upsert(true));
        cellLists.updateOne(Filters.eq("_id", cellKey(c)), Updates.addToSet("alertIds", id), new UpdateOptions().upsert(true));
        alerts.insertOne(alert(id, c));
    }

    /** AlertRepository.idsOfOwner + findAll: the owner's list by {_id}, the alerts by an $in of their ids. */
    private void listByOwner() {
        Document list = owners.find(Filters.eq("_id", owner(random.nextInt(cells)))).first();
        List<String> ids = list.getList("alertIds", String.class);
        int n = 0;
        for (Document ignored : alerts.find(Filters.in("_id", ids))) {
            n++;
        }
        if (n != ids.size()) {
            throw new IllegalStateException("owner list names " + ids.size() + " alerts, found " + n);
        }
    }

    /**
     * What a batch does per cell, for one cell: its alert list, stored forecast, alerts ($in) and notified windows,
     * then the forecast's replace and the state update ($set of one alert's windows) by {_id}, as bulk writes.
     */
    private void evaluateCell() {
        String key = cellKey(random.nextInt(cells));
        List<String> ids = cellLists.find(Filters.in("_id", List.of(key))).first().getList("alertIds", String.class);
        Document forecast = forecasts.find(Filters.in("_id", List.of(key))).first();
        int n = 0;
        for (Document ignored : alerts.find(Filters.in("_id", ids))) {
            n++;
        }
        Document state = cellStates.find(Filters.in("_id", List.of(key))).first();
        if (forecast == null || state == null || n < ALERTS_PER_CELL) {
            throw new IllegalStateException("cell " + key + " incomplete");
        }
        forecasts.bulkWrite(List.of(new ReplaceOneModel<>(Filters.eq("_id", key), forecast(key),
                new ReplaceOptions().upsert(true))));
        String changed = ids.get(random.nextInt(ALERTS_PER_CELL));
        cellStates.bulkWrite(List.of(new UpdateOneModel<>(new Document("_id", key),
                Updates.set("alerts." + changed, windows(changed)), new UpdateOptions().upsert(true))),
                new BulkWriteOptions().ordered(false));
    }
}
