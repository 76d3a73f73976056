package io.crowdsurf.quiz.persistence;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/** Issued tickets; the unique index on (campaignId, fanId) is the "one ticket per fan" guarantee. */
@ApplicationScoped
public class TicketRepository {

    static final ExactIndex BY_CODE = ExactIndex.id(QuizStore.TICKETS);
    /** A fan's ticket: the "one ticket per fan" index is also its exact lookup. */
    @Produces
    static final ExactIndex BY_FAN = ExactIndex.unique(QuizStore.TICKETS, "campaignId", "fanId").named("one_ticket_per_fan");

    private final QuizStore store;

    public TicketRepository(QuizStore store) {
        this.store = store;
    }

    /** @return false when the fan already holds a ticket in this campaign (or the code exists) */
    public boolean insert(Ticket ticket) {
        store.ensureIndexes();
        return DuplicateKey.insertIfAbsent(store.tickets(), DocMapper.toDocument(ticket, "code"));
    }

    public Optional<Ticket> find(String code) {
        return Optional.ofNullable(DocMapper.fromDocument(store.tickets().find(BY_CODE.filter(code)).first(),
                Ticket.class, "code"));
    }

    public Optional<Ticket> findByFan(String campaignId, String fanId) {
        return Optional.ofNullable(DocMapper.fromDocument(store.tickets().find(BY_FAN.filter(campaignId, fanId)).first(),
                Ticket.class, "code"));
    }

    /**
     * One scan at the door, as the ticket document saw it.
     *
     * @param ticket    the ticket with its (earliest) {@code checkedInAt}
     * @param first     this scan admitted it
     * @param announced {@code quiz.ticket.admitted} is known to be in Kafka (an earlier scan saw Kafka's ack)
     */
    public record Admission(Ticket ticket, boolean first, boolean announced) {
    }

    /**
     * Admits a ticket. One atomic update by code counts the scan ({@code checkIns}) and keeps the earliest
     * {@code checkedInAt}; the document as it was before tells whether this scan was the first and whether the
     * check-in event is already out ({@code admittedAnnounced}, the ticket's one-entry outbox flag). (A filter on
     * {@code checkedInAt: null} would not be an exact lookup.)
     *
     * @return the scan's view, or empty when the code is unknown
     */
    public Optional<Admission> admit(String code, Instant at) {
        Document before = store.tickets().findOneAndUpdate(BY_CODE.filter(code),
                Updates.combine(Updates.inc("checkIns", 1), Updates.min("checkedInAt", at.toEpochMilli())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return Optional.empty();
        }
        boolean first = before.get("checkedInAt") == null;
        if (first) {
            before.put("checkedInAt", at.toEpochMilli());
        }
        return Optional.of(new Admission(DocMapper.fromDocument(before, Ticket.class, "code"), first,
                Boolean.TRUE.equals(before.get("admittedAnnounced"))));
    }

    /** Kafka acknowledged the ticket's {@code quiz.ticket.admitted}: later scans need not publish it again. */
    public void markAnnounced(String code) {
        store.tickets().updateOne(BY_CODE.filter(code), Updates.set("admittedAnnounced", true));
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
