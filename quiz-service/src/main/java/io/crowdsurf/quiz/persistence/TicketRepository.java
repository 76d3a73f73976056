package io.crowdsurf.quiz.persistence;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowdsurf.quiz.Ticket;

/** Issued tickets; the unique index on (campaignId, fanId) is the "one ticket per fan" guarantee. */
@ApplicationScoped
public class TicketRepository {

    private final QuizStore store;

    public TicketRepository(QuizStore store) {
        this.store = store;
    }

    /** @return false when the fan already holds a ticket in this campaign (or the code exists) */
    public boolean insert(Ticket ticket) {
        store.ensureIndexes();
        try {
            store.tickets().insertOne(DocMapper.toDocument(ticket, "code"));
            return true;
        } catch (MongoException e) {
            if (QuizStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Ticket> find(String code) {
        return Optional.ofNullable(DocMapper.fromDocument(store.tickets().find(Filters.eq("_id", code)).first(),
                Ticket.class, "code"));
    }

    public Optional<Ticket> findByFan(String campaignId, String fanId) {
        return Optional.ofNullable(DocMapper.fromDocument(store.tickets().find(
                Filters.and(Filters.eq("campaignId", campaignId), Filters.eq("fanId", fanId))).first(),
                Ticket.class, "code"));
    }

    /** Admits a ticket once: the update matches only while {@code checkedInAt} is unset. */
    public Optional<Ticket> checkIn(String code, Instant at) {
        Document d = store.tickets().findOneAndUpdate(
                Filters.and(Filters.eq("_id", code), Filters.eq("checkedInAt", null)),
                Updates.set("checkedInAt", at.toEpochMilli()),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(DocMapper.fromDocument(d, Ticket.class, "code"));
    }

    public void forCampaign(String campaignId, Consumer<Ticket> each) {
        for (Document d : store.tickets().find(Filters.eq("campaignId", campaignId))
                .sort(Sorts.ascending("awardedAt", "_id"))) {
            each.accept(DocMapper.fromDocument(d, Ticket.class, "code"));
        }
    }

    public long count(String campaignId, String poolId) {
        return store.tickets().countDocuments(Filters.and(Filters.eq("campaignId", campaignId),
                Filters.eq("poolId", poolId)));
    }

    public long countCheckedIn(String campaignId, String poolId) {
        return store.tickets().countDocuments(Filters.and(Filters.eq("campaignId", campaignId),
                Filters.eq("poolId", poolId), Filters.ne("checkedInAt", null)));
    }
}
