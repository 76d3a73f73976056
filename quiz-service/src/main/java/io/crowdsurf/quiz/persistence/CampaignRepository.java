package io.crowdsurf.quiz.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.CampaignStatus;
import io.crowdsurf.runtime.mongo.DuplicateKey;
import io.crowdsurf.runtime.mongo.ExactIndex;

/** Campaign documents. Updates are whole-document replacements guarded by {@code version}. */
@ApplicationScoped
public class CampaignRepository {

    static final ExactIndex BY_ID = ExactIndex.id(QuizStore.CAMPAIGNS);
    /** replace(): the campaign as read, by id and version. */
    @Produces
    static final ExactIndex BY_ID_AND_VERSION = ExactIndex.unique(QuizStore.CAMPAIGNS, "_id", "version");

    private final QuizStore store;

    public CampaignRepository(QuizStore store) {
        this.store = store;
    }

    /** @return false when the id is taken */
    public boolean insert(Campaign campaign) {
        store.ensureIndexes();
        return DuplicateKey.insertIfAbsent(store.campaigns(), DocMapper.toDocument(campaign, "id"));
    }

    public Optional<Campaign> find(String id) {
        return Optional.ofNullable(DocMapper.fromDocument(store.campaigns().find(BY_ID.filter(id)).first(),
                Campaign.class, "id"));
    }

    public List<Campaign> list(CampaignStatus status) {
        var filter = status == null ? new Document() : Filters.eq("status", status.name());
        List<Campaign> out = new ArrayList<>();
        for (Document d : store.campaigns().find(filter).sort(Sorts.descending("startsAt"))) {
            out.add(DocMapper.fromDocument(d, Campaign.class, "id"));
        }
        return out;
    }

    /** Every campaign (any status) that runs on this bot. */
    public List<Campaign> forChannel(Platform platform, String botId) {
        var filter = Filters.elemMatch("channels",
                Filters.and(Filters.eq("platform", platform.id()), Filters.eq("botId", botId)));
        List<Campaign> out = new ArrayList<>();
        for (Document d : store.campaigns().find(filter)) {
            out.add(DocMapper.fromDocument(d, Campaign.class, "id"));
        }
        return out;
    }

    /** @return false when someone else changed the campaign since {@code expectedVersion} */
    public boolean replace(Campaign next, long expectedVersion) {
        return store.campaigns().replaceOne(
                BY_ID_AND_VERSION.filter(next.id(), expectedVersion),
                DocMapper.toDocument(next, "id")).getMatchedCount() == 1;
    }
}
