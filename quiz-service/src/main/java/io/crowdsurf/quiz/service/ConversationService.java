package io.crowdsurf.quiz.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.Dialogue;
import io.crowdsurf.quiz.domain.Dialogue.ClaimResult;
import io.crowdsurf.quiz.domain.Fan;
import io.crowdsurf.quiz.domain.FanState;
import io.crowdsurf.quiz.domain.Incoming;
import io.crowdsurf.quiz.domain.OutboxEntry;
import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.Reply;
import io.crowdsurf.quiz.domain.StoredEvent;
import io.crowdsurf.quiz.domain.Turn;
import io.crowdsurf.quiz.messaging.QuizEvents;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.IssuingRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies fan messages (and draw invitations) to the per-fan state machine. Each step is:
 * read the fan → {@link Dialogue} decides → one compare-and-set write holding the new state, the event's
 * key and its outgoing events → publish. So:
 * <ul>
 * <li>a redelivered event finds its key in the fan document and only re-publishes the stored events
 * (same ids, so bot-gateway still sends each reply once) — it is never decided again;</li>
 * <li>a crash after the write and before the publish is healed by that redelivery (the dispatcher
 * retries on 5xx); a crash before the write leaves nothing behind;</li>
 * <li>two events for the same fan racing (unordered delivery, two replicas) serialize on the version:
 * the loser re-reads and is applied to the new state.</li>
 * </ul>
 * One reply per turn: everything a step says is composed into one message ({@link Turn}); a turn that wins a
 * ticket keeps its feedback on the fan ({@code pendingReplies}) until the claim's outcome joins it. A fan entering
 * ISSUING is first listed as claiming ({@link IssuingRepository}), so the sweeper can finish a claim whose event
 * is never redelivered.
 */
@ApplicationScoped
public class ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationService.class);

    private final CampaignDirectory directory;
    private final FanRepository fans;
    private final PoolRepository pools;
    private final TicketIssuer issuer;
    private final QuizEvents events;
    private final QuizConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final MessengerWindow window;
    private final IssuingRepository issuing;

    public ConversationService(CampaignDirectory directory, FanRepository fans, PoolRepository pools,
            TicketIssuer issuer, QuizEvents events, QuizConfig config, MeterRegistry metrics, Clock clock,
            MessengerWindow window, IssuingRepository issuing) {
        this.issuing = issuing;
        this.clock = clock;
        this.window = window;
        this.directory = directory;
        this.fans = fans;
        this.pools = pools;
        this.issuer = issuer;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
    }

    /** The key a consumed event is remembered by: CloudEvents are unique by source + id. */
    public static String eventKey(String source, String id) {
        return source + "|" + id;
    }

    public void onMessage(ChatMessageReceived m, String eventId, String eventSource) {
        validate(m, eventId);
        Instant now = clock.instant();
        Instant at = m.platformTimestamp() != null ? m.platformTimestamp() : now;
        Optional<Campaign> active = directory.activeFor(m.platform(), m.botId(), at);
        if (active.isEmpty()) {
            answerClosed(m, eventId, at);
            return;
        }
        Campaign c = active.get();
        String key = eventKey(eventSource, eventId);
        Incoming incoming = new Incoming(m.text(), m.choice(), m.userName(), at);
        Fan blank = Fan.newcomer(c.id(), m.conversationId(), m.platform(), m.botId(), m.userId(), m.userName(),
                m.referral(), now);
        for (int attempt = 0; attempt < config.transitionAttempts(); attempt++) {
            Optional<Fan> stored = fans.find(c.id(), m.conversationId());
            Fan fan = stored.orElse(blank);
            if (fan.state() == FanState.ISSUING) {
                finishClaim(c, fan);
                continue;
            }
            if (fan.hasProcessed(key)) {
                republish(fan, key);
                count("duplicate");
                return;
            }
            Dialogue.Step step = Dialogue.onMessage(c, fan, incoming, () -> remaining(c));
            // A winning turn says nothing yet: its replies wait on the fan and go out with the claim's outcome.
            List<StoredEvent> out = step.claim() ? List.of() : toEvents(fan, eventId, 0, step.replies(), at, null);
            Fan.Builder b = step.next().outbox(new OutboxEntry(key, eventId, out), config.outboxKept());
            if (step.claim()) {
                b.pendingEventKey(key).pendingReplies(step.replies());
            } else {
                b.processed(key, config.processedEventsKept());
            }
            Fan next = b.build(clock.instant());
            if (step.claim()) {
                // Listed before the write: a fan can be in ISSUING only while the sweeper can find it.
                issuing.mark(next, clock.instant());
            }
            boolean written = stored.isEmpty() ? fans.insert(next) : fans.replace(next);
            if (!written) {
                continue;
            }
            if (step.claim()) {
                finishClaim(c, next);
            } else {
                events.publish(out, next.conversationId());
            }
            count(stored.isEmpty() ? "first" : "processed");
            if (LOG.isDebugEnabled()) {
                LOG.debugf("campaign %s fan %s event %s: %s -> %s", c.id(), fan.conversationId(), eventId, fan.state(),
                        next.state());
            }
            return;
        }
        throw new TransitionConflictException("fan " + m.conversationId() + " kept changing; event " + eventId);
    }

    /**
     * Invites a fan picked by a scheduled draw (ENTERED → ASKING). Idempotent per draw event.
     *
     * @return true if the fan was invited by this draw (now or before)
     */
    public boolean invite(Campaign c, String fanId, String drawEventId, String drawKey) {
        for (int attempt = 0; attempt < config.transitionAttempts(); attempt++) {
            Optional<Fan> stored = fans.find(c.id(), fanId);
            if (stored.isEmpty()) {
                return false;
            }
            Fan fan = stored.get();
            if (fan.hasProcessed(drawKey)) {
                republish(fan, drawKey);
                return true;
            }
            if (fan.state() != FanState.ENTERED) {
                return false;
            }
            Dialogue.Step step = Dialogue.onInvited(c, fan, drawEventId);
            String base = drawEventId + ":" + fanId;
            List<StoredEvent> out = toEvents(fan, base, 0, step.replies(), fan.lastMessageAt(), window.tagFor(c, fan));
            Fan next = step.next().outbox(new OutboxEntry(drawKey, base, out), config.outboxKept())
                    .processed(drawKey, config.processedEventsKept()).build(clock.instant());
            if (fans.replace(next)) {
                events.publish(out, fanId);
                return true;
            }
        }
        throw new TransitionConflictException("fan " + fanId + " kept changing during draw " + drawEventId);
    }

    /**
     * Finishes the claim of a fan the sweeper found in ISSUING (its event was never redelivered): the same steps
     * as the fan's next message would take, without a message.
     *
     * @return true if the fan is no longer claiming (finished now or by someone else); false if it kept changing
     */
    public boolean finishInterrupted(Campaign c, String conversationId) {
        for (int attempt = 0; attempt < config.transitionAttempts(); attempt++) {
            Optional<Fan> stored = fans.find(c.id(), conversationId);
            if (stored.isEmpty() || stored.get().state() != FanState.ISSUING) {
                return true;
            }
            finishClaim(c, stored.get());
        }
        return false;
    }

    /** Whether a fan can be messaged now (see {@link MessengerWindow}). */
    public boolean reachable(Campaign c, Fan fan) {
        return window.reachable(c, fan);
    }

    /**
     * Finishes the claim of an ISSUING fan and stores the outcome together with the replies of the event
     * that won the ticket. Any number of callers may run it at once: the claim is idempotent and only one
     * compare-and-set wins; whoever loses re-reads the fan.
     */
    void finishClaim(Campaign c, Fan fan) {
        Instant now = clock.instant();
        ClaimResult result = issuer.claim(c, fan, now);
        Dialogue.Step step = Dialogue.afterClaim(c, fan, result, remaining(c));
        String key = fan.pendingEventKey();
        OutboxEntry prior = fan.outboxFor(key).orElse(new OutboxEntry(key, key, List.of()));
        // Fans that entered ISSUING before one-reply-per-turn have their first replies as events already.
        List<StoredEvent> all = new ArrayList<>(prior.events());
        long repliesSoFar = prior.events().stream()
                .filter(e -> e.type().equals(EventType.CHAT_REPLY_REQUESTED.type())).count();
        List<Reply> turn = new ArrayList<>(fan.pendingReplies());
        turn.addAll(step.replies());
        all.addAll(toEvents(fan, prior.replyBase(), (int) repliesSoFar, turn, fan.lastMessageAt(), null));
        if (result instanceof ClaimResult.Issued issued) {
            all.add(events.awarded(fan, issued.ticket()));
        }
        Fan next = step.next().outbox(new OutboxEntry(key, prior.replyBase(), all), config.outboxKept())
                .processed(key, config.processedEventsKept()).build(now);
        if (fans.replace(next)) {
            issuing.clear(fan.key(), key);
            events.publish(all, fan.conversationId());
            metrics.counter("quiz.claims", "outcome", result instanceof ClaimResult.Issued ? "issued" : "sold_out")
                    .increment();
        }
    }

    private void answerClosed(ChatMessageReceived m, String eventId, Instant at) {
        Optional<Campaign> over = directory.overFor(m.platform(), m.botId(), at);
        if (over.isEmpty()) {
            count("no_campaign");
            return;
        }
        Campaign c = over.get();
        Fan who = Fan.addressee(c.id(), m.conversationId(), m.platform(), m.botId(), m.userId(), m.userName(), at);
        String text = c.texts().closed().replace("{name}", m.userName() == null ? "there" : m.userName())
                .replace("{campaign}", c.name());
        events.publish(List.of(events.reply(who, eventId + ":0", Reply.of(text), at, null)), m.conversationId());
        count("closed");
    }

    private void republish(Fan fan, String key) {
        fan.outboxFor(key).ifPresent(entry -> events.publish(entry.events(), fan.conversationId()));
    }

    private List<StoredEvent> toEvents(Fan fan, String replyBase, int firstIndex, List<Reply> replies,
            Instant lastUserMessageAt, String tag) {
        List<Reply> messages = Turn.compose(replies, fan.platform());
        List<StoredEvent> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(events.reply(fan, replyBase + ":" + (firstIndex + i), messages.get(i), lastUserMessageAt, tag));
        }
        return out;
    }

    private Map<String, Integer> remaining(Campaign c) {
        Map<String, Integer> out = new HashMap<>();
        for (PoolInventory p : pools.forCampaign(c.id())) {
            out.put(p.poolId(), p.remaining());
        }
        return out;
    }

    private void validate(ChatMessageReceived m, String eventId) {
        IncomingMessages.missingField(m, eventId).ifPresent(missing -> {
            count("poison");
            LOG.warnf("poison chat.message.received %s: no %s", eventId, missing);
            throw new PoisonEventException("chat.message.received " + eventId + " has no " + missing);
        });
    }

    private void count(String outcome) {
        metrics.counter("quiz.messages", "outcome", outcome).increment();
    }
}
