package io.crowdsurf.metrics.persistence;

import java.util.Date;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.crowdsurf.metrics.domain.ShortLink;

/** Short links by code: {@code _id} = code, so a redirect is one {@code _id} lookup and a code is unique. */
@ApplicationScoped
public class LinkRepository {

    static final String COLLECTION = "short_links";

    private final MongoCollection<Document> links;

    public LinkRepository(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database) {
        this.links = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    /** @return false when the code is taken */
    public boolean insert(ShortLink link) {
        try {
            links.insertOne(new Document("_id", link.code()).append("target", link.target())
                    .append("campaign", link.campaign()).append("site", link.site())
                    .append("createdAt", Date.from(link.createdAt()))
                    .append("expiresAt", link.expiresAt() == null ? null : Date.from(link.expiresAt())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Optional<ShortLink> find(String code) {
        Document d = links.find(Filters.eq("_id", code)).first();
        if (d == null) {
            return Optional.empty();
        }
        Date expires = d.getDate("expiresAt");
        return Optional.of(new ShortLink(d.getString("_id"), d.getString("target"), d.getString("campaign"),
                d.getString("site"), d.getDate("createdAt").toInstant(), expires == null ? null : expires.toInstant()));
    }
}
