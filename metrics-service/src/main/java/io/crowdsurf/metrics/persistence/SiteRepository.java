package io.crowdsurf.metrics.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.crowdsurf.metrics.domain.SectionRule;
import io.crowdsurf.metrics.domain.Site;

/**
 * The {@code sites} collection: one document per site, {@code _id} = site id. Lookups are by {@code _id};
 * a change replaces the whole document guarded by its {@code version}, through the unique index on exactly
 * {@code {_id, version}} so the guarded replace is an index lookup on the embedded server too.
 */
@ApplicationScoped
public class SiteRepository {

    static final String COLLECTION = "sites";

    private final MongoCollection<Document> sites;
    private final AtomicBoolean indexed = new AtomicBoolean();

    public SiteRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.sites = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** @return false when a site with this id exists */
    public boolean insert(Site site) {
        ensureIndexes();
        try {
            sites.insertOne(toDocument(site));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw unavailable(e);
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    /** @throws StoreUnavailableException when MongoDB is away */
    public Optional<Site> find(String id) {
        try {
            return Optional.ofNullable(sites.find(new Document("_id", id)).first()).map(SiteRepository::fromDocument);
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
        Document filter = new Document("_id", next.id()).append("version", expectedVersion);
        try {
            return sites.replaceOne(filter, toDocument(next)).getMatchedCount() == 1;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw unavailable(e);
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(MongoException e) {
        return new StoreUnavailableException("MongoDB: " + e.getMessage(), e);
    }

    private void ensureIndexes() {
        if (indexed.get()) {
            return;
        }
        try {
            sites.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("id_version"));
            indexed.set(true);
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
