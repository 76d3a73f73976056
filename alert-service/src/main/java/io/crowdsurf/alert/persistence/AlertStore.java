package io.crowdsurf.alert.persistence;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.quarkus.runtime.StartupEvent;

/**
 * alert-service's collections. Every per-request and per-event query is by {@code _id} (a single key or an
 * {@code $in} list), the one shape that is an index lookup on mongo-java-server as on MongoDB; the "by owner" and
 * "by cell" lists are therefore kept as documents of their own ({@code alert_owners}, {@code alert_cells}) rather
 * than secondary-index queries.
 */
@ApplicationScoped
public class AlertStore {

    private static final Logger LOG = Logger.getLogger(AlertStore.class);

    private final MongoDatabase db;
    private final AtomicBoolean ready = new AtomicBoolean();

    public AlertStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.db = client.getDatabase(database);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            alerts().countDocuments(new Document("_id", "-"));
            ready.set(true);
        } catch (MongoException e) {
            // Not fatal: readiness reports MongoDB down, and every call simply tries again.
            LOG.warnf("MongoDB not reachable at start: %s", e.getMessage());
        }
    }

    /** The alerts themselves. */
    MongoCollection<Document> alerts() {
        return db.getCollection("alerts");
    }

    /** {@code _id} conversation id → {@code alertIds}. */
    MongoCollection<Document> owners() {
        return db.getCollection("alert_owners");
    }

    /** {@code _id} grid cell key → {@code alertIds}. */
    MongoCollection<Document> cells() {
        return db.getCollection("alert_cells");
    }

    /** {@code _id} grid cell key → the cell's last forecast. */
    MongoCollection<Document> forecasts() {
        return db.getCollection("alert_forecasts");
    }

    /** Before per-cell states: {@code _id} alert id → the windows already notified (read once per cell, then unused). */
    MongoCollection<Document> states() {
        return db.getCollection("alert_states");
    }

    /** {@code _id} grid cell key → per alert of the cell, the windows already notified. */
    MongoCollection<Document> cellStates() {
        return db.getCollection("alert_cell_states");
    }
}
