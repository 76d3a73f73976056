package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Draw;
import io.crowdsurf.quiz.domain.FairDraw;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.SelectionMode;
import io.crowdsurf.quiz.persistence.CampaignRepository;
import io.crowdsurf.quiz.persistence.DrawRepository;
import io.crowdsurf.quiz.persistence.FanRepository;

/**
 * Scheduled draws. The entrants eligible now (state ENTERED — past invitees and winners are not — and
 * reachable: inside Messenger's 24-hour window, or the campaign has a message tag) are ranked by
 * {@link FairDraw#pick}; the result is stored under the draw's key before anyone is invited, so a
 * redelivered draw event invites the same fans and nobody else.
 */
@ApplicationScoped
public class DrawService {

    private static final Logger LOG = Logger.getLogger(DrawService.class);

    private final DrawRepository draws;
    private final FanRepository fans;
    private final CampaignRepository campaigns;
    private final ConversationService conversations;
    private final Clock clock;

    public DrawService(DrawRepository draws, FanRepository fans, CampaignRepository campaigns,
            ConversationService conversations, Clock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
        this.draws = draws;
        this.fans = fans;
        this.conversations = conversations;
    }

    /**
     * A {@code quiz.draw.requested} event: runs the draw if its campaign exists and is open now. A schedule left
     * behind by a deleted or closed campaign is ignored, since retrying will not change that.
     */
    public void onRequested(String campaignId, String eventId, String eventSource, int count) {
        var campaign = campaigns.find(campaignId);
        if (campaign.isEmpty()) {
            LOG.warnf("draw %s for unknown campaign %s ignored", eventId, campaignId);
            return;
        }
        if (!campaign.get().activeAt(clock.instant())) {
            LOG.infof("draw %s for campaign %s ignored: not open now", eventId, campaignId);
            return;
        }
        run(campaign.get(), eventId, eventSource, count);
    }

    /**
     * @param drawId      the draw event's id (or an admin-made id); with the source it keys the draw
     * @param eventSource the draw event's source
     */
    public Draw run(Campaign c, String drawId, String eventSource, int count) {
        if (c.selection().mode() != SelectionMode.SCHEDULED) {
            throw new IllegalArgumentException("campaign " + c.id() + " selects instantly; it has no draws");
        }
        String drawKey = ConversationService.eventKey(eventSource, drawId);
        String id = Draw.key(c.id(), drawKey);
        Draw draw = draws.find(id).orElseGet(() -> {
            List<String> eligible = fans.entrants(c.id()).stream()
                    .filter(f -> conversations.reachable(c, f))
                    .map(Fan::conversationId)
                    .sorted()
                    .toList();
            List<String> winners = FairDraw.pick(c.seed(), drawId, eligible, count);
            return draws.insertOrGet(new Draw(id, c.id(), drawId, count, eligible.size(), winners,
                    clock.instant()));
        });
        int invited = 0;
        for (String fanId : draw.winners()) {
            if (conversations.invite(c, fanId, drawId, drawKey)) {
                invited++;
            }
        }
        LOG.infof("campaign %s draw %s: %d of %d eligible picked, %d invited", c.id(), drawId, draw.winners().size(),
                draw.eligible(), invited);
        return draw;
    }
}
