package io.crowdsurf.metrics.persistence;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.crowdsurf.metrics.service.SiteZones;

/**
 * Reads the time zone of a site from the ingest half's {@code sites} collection ({@code _id} = site id,
 * {@code timeZone} an IANA name): the only thing the aggregator and the reports need of a site.
 */
@ApplicationScoped
public class SiteZoneRepository implements SiteZones.Source {

    private final MongoCollection<Document> sites;

    public SiteZoneRepository(MongoClient client, org.eclipse.microprofile.config.Config config) {
        String db = config.getOptionalValue("quarkus.mongodb.database", String.class).orElse("crowdsurf");
        this.sites = client.getDatabase(db).getCollection("sites");
    }

    @Override
    public Optional<ZoneId> zone(String siteId) {
        Document d = sites.find(new Document("_id", siteId)).first();
        if (d == null) {
            return Optional.empty();
        }
        try {
            String tz = d.getString("timeZone");
            return Optional.of(tz == null ? ZoneId.of("UTC") : ZoneId.of(tz));
        } catch (RuntimeException e) {
            return Optional.of(ZoneId.of("UTC"));
        }
    }

    @Override
    public List<String> siteIds() {
        List<String> ids = new ArrayList<>();
        for (Document d : sites.find().projection(new Document("_id", 1)).limit(10_000)) {
            ids.add(String.valueOf(d.get("_id")));
        }
        return ids;
    }
}
