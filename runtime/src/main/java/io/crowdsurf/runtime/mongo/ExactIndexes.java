package io.crowdsurf.runtime.mongo;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates, at start-up, the unique index of every {@link ExactIndex} bean of the service (declare them with
 * {@code @Produces static final ExactIndex X = ExactIndex.unique(...)} in the repository that uses them).
 * A MongoDB that is away at start-up is not fatal: readiness reports it, and {@link #ensure()} tries again
 * (call it where a write would otherwise run without its index, e.g. after a Mongo restart in tests).
 * Without their index the exact filters still give the right answer, only by a scan.
 */
@ApplicationScoped
public class ExactIndexes {

    private static final Logger LOG = Logger.getLogger(ExactIndexes.class);

    private final Instance<MongoClient> mongo;
    private final String database;
    private final Set<ExactIndex> declared = new LinkedHashSet<>();
    private final AtomicBoolean created = new AtomicBoolean();

    public ExactIndexes(Instance<MongoClient> mongo, @Any Instance<ExactIndex> indexes,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database) {
        this.mongo = mongo;
        this.database = database;
        indexes.forEach(declared::add);
    }

    void onStart(@Observes StartupEvent event) {
        if (declared.stream().noneMatch(ExactIndex::needsIndex) || !mongo.isResolvable()) {
            return;
        }
        try {
            ensure();
        } catch (MongoException e) {
            LOG.warnf("cannot create the exact-lookup indexes yet: %s", e.getMessage());
        }
    }

    /** Creates the declared indexes unless done already; idempotent. */
    public void ensure() {
        if (created.get()) {
            return;
        }
        MongoDatabase db = mongo.get().getDatabase(database);
        for (ExactIndex index : declared) {
            index.createOn(db.getCollection(index.collection()));
        }
        created.set(true);
        LOG.debugf("exact-lookup indexes: %s", declared);
    }

    /** The indexes will be created again on the next {@link #ensure()} (tests that restart an in-memory MongoDB). */
    public void forget() {
        created.set(false);
    }

    /** What this service declared. */
    public Set<ExactIndex> declared() {
        return Set.copyOf(declared);
    }
}
