package io.crowdsurf.metrics.persistence;

import java.util.Date;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;
import io.crowdsurf.runtime.mongo.StoreUnavailableException;

/** Short links by code: {@code _id} = code, so a redirect is one {@code _id} lookup and a code is unique. */
@ApplicationScoped
public class LinkRepository {

    static final String COLLECTION = "short_links";

    /** Every operation is by {@code _id} alone, the one shape mongo-java-server (and any MongoDB) looks up. */
    private static final ExactIndex BY_ID = ExactIndex.id(COLLECTION);

    private final MongoCollection<Document> links;

    public LinkRepository(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database) {
        this.links = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    /** @return false when the code is taken */
    public boolean insert(ShortLink link) {
        try {
            return insert(link, links);
        } catch (MongoException e) {
            throw new StoreUnavailableException("MongoDB: " + e.getMessage(), e);
        }
    }

    private static boolean insert(ShortLink link, MongoCollection<Document> links) {
        return DuplicateKey.insertIfAbsent(links, new Document("_id", link.code()).append("target", link.target())
                .append("campaign", link.campaign()).append("site", link.site())
                .append("createdAt", Date.from(link.createdAt()))
                .append("expiresAt", link.expiresAt() == null ? null : Date.from(link.expiresAt())));
    }

    public Optional<ShortLink> find(String code) {
        Document d = links.find(BY_ID.filter(code)).first();
        if (d == null) {
            return Optional.empty();
        }
        Date expires = d.getDate("expiresAt");
        return Optional.of(new ShortLink(d.getString("_id"), d.getString("target"), d.getString("campaign"),
                d.getString("site"), d.getDate("createdAt").toInstant(), expires == null ? null : expires.toInstant()));
    }
}
