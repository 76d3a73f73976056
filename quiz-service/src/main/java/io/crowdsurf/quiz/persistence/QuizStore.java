package io.crowdsurf.quiz.persistence;

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
import com.mongodb.client.model.Indexes;

import io.crowdsurf.runtime.mongo.ExactIndexes;
import io.quarkus.runtime.StartupEvent;

/**
 * The quiz collections and their indexes. The unique index on tickets (campaignId, fanId) is one of the
 * two guards against overselling, so it is created before the first write, not left to an operator; it is
 * also the exact lookup of a fan's ticket. The exact lookups' indexes are declared by the repositories
 * ({@code @Produces ExactIndex}) and created by runtime's {@link ExactIndexes}; the others serve admin reads.
 */
@ApplicationScoped
public class QuizStore {

    private static final Logger LOG = Logger.getLogger(QuizStore.class);

    static final String CAMPAIGNS = "quiz_campaigns";
    static final String FANS = "quiz_fans";
    static final String POOLS = "quiz_pools";
    static final String TICKETS = "quiz_tickets";
    static final String DRAWS = "quiz_draws";
    static final String HOLDS = "quiz_pool_holds";
    static final String ISSUING = "quiz_issuing";

    private final MongoDatabase db;
    private final ExactIndexes exactIndexes;
    private final AtomicBoolean indexed = new AtomicBoolean();

    public QuizStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ExactIndexes exactIndexes) {
        this.db = client.getDatabase(database);
        this.exactIndexes = exactIndexes;
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
        // The exact lookups' unique indexes, one_ticket_per_fan among them (TicketRepository.BY_FAN).
        exactIndexes.ensure();
        tickets().createIndex(Indexes.ascending("campaignId", "awardedAt"));
        pools().createIndex(Indexes.ascending("campaignId"));
        indexed.set(true);
    }

    /** For tests that restart the Mongo server (the memory backend forgets indexes). */
    public void forgetIndexes() {
        indexed.set(false);
        exactIndexes.forget();
    }

    public MongoCollection<Document> campaigns() {
        return db.getCollection(CAMPAIGNS);
    }

    public MongoCollection<Document> fans() {
        return db.getCollection(FANS);
    }

    public MongoCollection<Document> pools() {
        return db.getCollection(POOLS);
    }

    public MongoCollection<Document> tickets() {
        return db.getCollection(TICKETS);
    }

    public MongoCollection<Document> draws() {
        return db.getCollection(DRAWS);
    }

    public MongoCollection<Document> holds() {
        return db.getCollection(HOLDS);
    }

    public MongoCollection<Document> issuing() {
        return db.getCollection(ISSUING);
    }
}
