package io.crowdsurf.quiz.function;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.crowdsurf.events.data.QuizSweepRequested;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.service.ConversationService;
import io.crowdsurf.quiz.service.DrawService;
import io.crowdsurf.quiz.service.IssuingSweeper;
import io.crowdsurf.quiz.service.PoisonEventException;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;

/**
 * The CloudEvent consumers, routed by {@code ce-type} ({@code quarkus.funqy.knative-events.mapping.*}).
 * Both return nothing: replies go to Kafka directly (and are acknowledged there) before the function
 * returns 204, so the broker's delivery is only acknowledged for work that is durable.
 * <p>
 * Status codes: 204 for a handled event, including a duplicate; what is not a CloudEvent of these types, or whose
 * data is not one JSON object, is refused by runtime's CloudEventGuard (400) before Funqy; anything thrown here
 * follows the one error policy (docs/operations.md): a 500 problem+json with a logged error id — MongoDB or Kafka
 * unreachable, and also data we reject as poison, which reaches the dead-letter sink after the Trigger's
 * retries.
 */
public class QuizFunctions {

    private static final Logger LOG = Logger.getLogger(QuizFunctions.class);

    private final ConversationService conversations;
    private final DrawService draws;
    private final IssuingSweeper sweeper;
    private final int maxDrawCount;

    public QuizFunctions(ConversationService conversations, DrawService draws, IssuingSweeper sweeper,
            QuizConfig config) {
        this.conversations = conversations;
        this.draws = draws;
        this.sweeper = sweeper;
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
        draws.onRequested(request.campaignId(), event.id(), event.source(), request.count());
    }

    /** The schedule's sweep: finishes claims a crash interrupted. Idempotent, so no event id is remembered. */
    @Funq
    public void quizSweepRequested(QuizSweepRequested request, @Context CloudEvent<?> event) {
        sweeper.sweep(request == null || request.reason() == null ? event.id() : request.reason() + " " + event.id());
    }
}
