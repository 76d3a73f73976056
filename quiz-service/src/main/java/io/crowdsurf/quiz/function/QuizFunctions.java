package io.crowdsurf.quiz.function;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.persistence.CampaignRepository;
import io.crowdsurf.quiz.service.ConversationService;
import io.crowdsurf.quiz.service.DrawService;
import io.crowdsurf.quiz.service.PoisonEventException;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;

/**
 * The CloudEvent consumers, routed by {@code ce-type} ({@code quarkus.funqy.knative-events.mapping.*}).
 * Both return nothing: replies go to Kafka directly (and are acknowledged there) before the function
 * returns 204, so the broker's delivery is only acknowledged for work that is durable.
 * <p>
 * Status codes, as Funqy 3.34 produces them: 204 for a handled event, including a duplicate; 5xx for
 * anything thrown — MongoDB or Kafka unreachable (the broker retries, then dead-letters), and also for
 * data Funqy cannot deserialize or that we reject as poison: Funqy cannot answer 4xx (it wraps every
 * exception, even a Vert.x {@code HttpException}, as a 500), so poison reaches the dead-letter sink after
 * the Trigger's retries instead of at once.
 */
public class QuizFunctions {

    private static final Logger LOG = Logger.getLogger(QuizFunctions.class);

    private final ConversationService conversations;
    private final DrawService draws;
    private final CampaignRepository campaigns;
    private final int maxDrawCount;

    public QuizFunctions(ConversationService conversations, DrawService draws, CampaignRepository campaigns,
            QuizConfig config) {
        this.conversations = conversations;
        this.draws = draws;
        this.campaigns = campaigns;
        this.maxDrawCount = config.maxDrawCount();
    }

    @Funq
    public void chatMessageReceived(ChatMessageReceived message, @Context CloudEvent<?> event) {
        conversations.onMessage(message, event.id(), event.source());
    }

    @Funq
    public void quizDrawRequested(QuizDrawRequested request, @Context CloudEvent<?> event) {
        if (request == null || request.campaignId() == null || request.count() < 1 || request.count() > maxDrawCount) {
            throw new PoisonEventException("quiz.draw.requested " + event.id() + " needs a campaignId and a count in 1.."
                    + maxDrawCount);
        }
        var campaign = campaigns.find(request.campaignId());
        if (campaign.isEmpty()) {
            // A schedule left behind by a deleted campaign: nothing to do, and retrying will not change that.
            LOG.warnf("draw %s for unknown campaign %s ignored", event.id(), request.campaignId());
            return;
        }
        if (!campaign.get().activeAt(Instant.now())) {
            LOG.infof("draw %s for campaign %s ignored: not open now", event.id(), request.campaignId());
            return;
        }
        draws.run(campaign.get(), event.id(), event.source(), request.count());
    }
}
