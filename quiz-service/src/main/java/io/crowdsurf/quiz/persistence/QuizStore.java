package io.crowdsurf.quiz.persistence;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.runtime.StartupEvent;

/**
 * The quiz collections and their indexes. The unique index on tickets (campaignId, fanId) is one of the
 * two guards against overselling, so it is created before the first write, not left to an operator.
 */
@ApplicationScoped
public class QuizStore {

    private static final Logger LOG = Logger.getLogger(QuizStore.class);

    private final MongoDatabase db;
    private final AtomicBoolean indexed = new AtomicBoolean();

    public QuizStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.db = client.getDatabase(database);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureIndexes();
        } catch (MongoException e) {
            // Not fatal: readiness reports Mongo down, and the first write tries again.
            LOG.warnf("cannot create quiz indexes yet: %s", e.getMessage());
        }
    }

    /** Idempotent; cheap after the first success. */
    public void ensureIndexes() {
        if (indexed.get()) {
            return;
        }
        campaigns().createIndex(Indexes.ascending("channels.platform", "channels.botId"));
        fans().createIndex(Indexes.ascending("campaignId", "state"));
        tickets().createIndex(Indexes.ascending("campaignId", "fanId"),
                new IndexOptions().unique(true).name("one_ticket_per_fan"));
        tickets().createIndex(Indexes.ascending("campaignId", "awardedAt"));
        pools().createIndex(Indexes.ascending("campaignId"));
        indexed.set(true);
    }

    /** For tests that restart the Mongo server (the memory backend forgets indexes). */
    public void forgetIndexes() {
        indexed.set(false);
    }

    public MongoCollection<Document> campaigns() {
        return db.getCollection("quiz_campaigns");
    }

    public MongoCollection<Document> fans() {
        return db.getCollection("quiz_fans");
    }

    public MongoCollection<Document> pools() {
        return db.getCollection("quiz_pools");
    }

    public MongoCollection<Document> tickets() {
        return db.getCollection("quiz_tickets");
    }

    public MongoCollection<Document> draws() {
        return db.getCollection("quiz_draws");
    }

    static boolean isDuplicateKey(MongoException e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || e.getCode() == 11000;
    }
}
