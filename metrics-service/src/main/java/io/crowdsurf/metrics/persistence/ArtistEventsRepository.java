package io.crowdsurf.metrics.persistence;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;

import io.crowdsurf.metrics.domain.ArtistEvents;
import io.crowdsurf.metrics.domain.EventStatus;
import io.crowdsurf.metrics.domain.TourDate;
import io.crowdsurf.runtime.mongo.ExactIndex;
import io.crowdsurf.runtime.mongo.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One document per artist ({@code _id} = artist id) holding the whole tour list, so a read and a write are each a
 * single {@code _id} operation. Reads are counted ({@code metrics_widget_db_reads_total}): the widget's promise of
 * at most one read per artist per cache period is checked against this counter in tests and the benchmark.
 */
@ApplicationScoped
public class ArtistEventsRepository {

    static final String COLLECTION = "widget_artists";

    /** Every operation is by {@code _id} alone, the one shape mongo-java-server (and any MongoDB) looks up. */
    private static final ExactIndex BY_ID = ExactIndex.id(COLLECTION);

    private final MongoCollection<Document> artists;
    private final AtomicLong reads = new AtomicLong();
    private final Counter readCounter;

    public ArtistEventsRepository(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database", defaultValue = "crowdsurf") String database,
            MeterRegistry registry) {
        this.artists = mongo.getDatabase(database).getCollection(COLLECTION);
        this.readCounter = Counter.builder("metrics.widget.db.reads")
                .description("artist tour lists read from MongoDB by the widget").register(registry);
    }

    public Optional<ArtistEvents> find(String artist) {
        reads.incrementAndGet();
        readCounter.increment();
        return Optional.ofNullable(artists.find(BY_ID.filter(artist)).first()).map(ArtistEventsRepository::from);
    }

    /** Reads that are not the widget's (the admin GET) do not count against it. */
    public Optional<ArtistEvents> findForAdmin(String artist) {
        try {
            return Optional.ofNullable(artists.find(BY_ID.filter(artist)).first()).map(ArtistEventsRepository::from);
        } catch (MongoException e) {
            throw new StoreUnavailableException("MongoDB: " + e.getMessage(), e);
        }
    }

    /** @throws StoreUnavailableException when MongoDB is away (503: nothing was stored) */
    public void store(ArtistEvents events) {
        try {
            artists.replaceOne(BY_ID.filter(events.artist()), to(events), new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            throw new StoreUnavailableException("MongoDB: " + e.getMessage(), e);
        }
    }

    /** Database reads made for the widget since start. */
    public long reads() {
        return reads.get();
    }

    private static Document to(ArtistEvents a) {
        List<Document> events = new ArrayList<>(a.events().size());
        for (TourDate d : a.events()) {
            events.add(new Document("id", d.id()).append("date", d.date().toString())
                    .append("time", d.time() == null ? null : d.time().toString())
                    .append("city", d.city()).append("venue", d.venue()).append("ticketUrl", d.ticketUrl())
                    .append("status", d.status().id()).append("timeZone", d.timeZone()));
        }
        return new Document("_id", a.artist()).append("name", a.name()).append("site", a.site())
                .append("events", events).append("updatedAt", Date.from(a.updatedAt()));
    }

    private static ArtistEvents from(Document doc) {
        List<TourDate> events = new ArrayList<>();
        for (Document d : doc.getList("events", Document.class, List.of())) {
            String time = d.getString("time");
            events.add(new TourDate(d.getString("id"), LocalDate.parse(d.getString("date")),
                    time == null ? null : LocalTime.parse(time), d.getString("city"), d.getString("venue"),
                    d.getString("ticketUrl"), EventStatus.find(d.getString("status")).orElse(EventStatus.ON_SALE),
                    d.getString("timeZone")));
        }
        return new ArtistEvents(doc.getString("_id"), doc.getString("name"), doc.getString("site"), events,
                doc.getDate("updatedAt").toInstant());
    }
}
