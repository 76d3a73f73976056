package io.crowdsurf.metrics.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;

import io.crowdsurf.metrics.domain.SectionRule;
import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;
import io.crowdsurf.runtime.mongo.ExactIndexes;
import io.crowdsurf.runtime.mongo.StoreUnavailableException;

/**
 * The {@code sites} collection: one document per site, {@code _id} = site id. Lookups are by {@code _id};
 * a change replaces the whole document guarded by its {@code version}, through the unique index on exactly
 * {@code {_id, version}} (runtime's {@link ExactIndex}) so the guarded replace is an index lookup on the embedded
 * server too.
 */
@ApplicationScoped
public class SiteRepository {

    static final String COLLECTION = "sites";
    static final ExactIndex BY_ID = ExactIndex.id(COLLECTION);
    /** Created at start-up by runtime's {@link ExactIndexes}. */
    @Produces
    static final ExactIndex BY_ID_AND_VERSION = ExactIndex.unique(COLLECTION, "_id", "version");

    private final MongoCollection<Document> sites;
    private final ExactIndexes indexes;

    public SiteRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ExactIndexes indexes) {
        this.sites = client.getDatabase(database).getCollection(COLLECTION);
        this.indexes = indexes;
    }

    /** @return false when a site with this id exists */
    public boolean insert(Site site) {
        ensureIndexes();
        try {
            sites.insertOne(toDocument(site));
            return true;
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw unavailable(e);
        }
    }

    /** @throws StoreUnavailableException when MongoDB is away */
    public Optional<Site> find(String id) {
        try {
            return Optional.ofNullable(sites.find(BY_ID.filter(id)).first()).map(SiteRepository::fromDocument);
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    /** Every site, by id. Admin listing only: the number of sites is small. */
    public List<Site> list() {
        List<Site> out = new ArrayList<>();
        try {
            for (Document d : sites.find().sort(Sorts.ascending("_id"))) {
                out.add(fromDocument(d));
            }
        } catch (MongoException e) {
            throw unavailable(e);
        }
        return out;
    }

    /** @return false when the site changed since {@code expectedVersion} (or is gone) */
    public boolean replace(Site next, long expectedVersion) {
        ensureIndexes();
        Document filter = BY_ID_AND_VERSION.filter(next.id(), expectedVersion);
        try {
            return sites.replaceOne(filter, toDocument(next)).getMatchedCount() == 1;
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(MongoException e) {
        return new StoreUnavailableException("MongoDB: " + e.getMessage(), e);
    }

    private void ensureIndexes() {
        try {
            indexes.ensure();
        } catch (MongoException e) {
            // The write that follows fails the same way and answers 503; the next one tries again.
        }
    }

    static Document toDocument(Site s) {
        List<Document> rules = new ArrayList<>();
        for (SectionRule r : s.sections()) {
            Document d = new Document("section", r.section());
            if (r.prefix() != null) {
                d.append("prefix", r.prefix());
            }
            if (r.pattern() != null) {
                d.append("pattern", r.pattern());
            }
            rules.add(d);
        }
        return new Document("_id", s.id())
                .append("name", s.name())
                .append("urls", s.urls())
                .append("timeZone", s.timeZone())
                .append("sections", rules)
                .append("excludedIps", s.excludedIps())
                .append("excludedParameters", s.excludedParameters())
                .append("excludedUserAgents", s.excludedUserAgents())
                .append("createdAt", date(s.createdAt()))
                .append("updatedAt", date(s.updatedAt()))
                .append("version", s.version());
    }

    static Site fromDocument(Document d) {
        List<SectionRule> rules = new ArrayList<>();
        for (Document r : d.getList("sections", Document.class, List.of())) {
            rules.add(new SectionRule(r.getString("prefix"), r.getString("pattern"), r.getString("section")));
        }
        Number version = d.get("version", Number.class);
        return new Site(d.getString("_id"), d.getString("name"), d.getList("urls", String.class, List.of()),
                d.getString("timeZone"), rules, d.getList("excludedIps", String.class, List.of()),
                d.getList("excludedParameters", String.class, List.of()),
                d.getList("excludedUserAgents", String.class, List.of()),
                instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")),
                version == null ? 0 : version.longValue());
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
