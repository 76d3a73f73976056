package io.crowdsurf.quiz.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.crowdsurf.events.data.Platform;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One fan in one campaign: the conversation state machine as persisted. Every change is one
 * compare-and-set on {@code version}, and carries the key of the event that caused it
 * ({@code processed}) and the events to send ({@code outbox}) in the same write — so a redelivered
 * event is recognised and its replies can be re-published, never re-decided.
 *
 * <p>Stored field names stay as they were ({@code id} → {@code _id}, {@code fanId}) so existing documents read back.
 *
 * @param key            the document key, {@code <campaignId>|<conversationId>} ({@link #keyOf})
 * @param conversationId the conversation id ({@code <platform>:<botId>:<userId>}); it identifies the fan, and is
 *                       what tickets and {@code quiz.ticket.awarded} call {@code fanId}
 * @param draw           the fan's audit draw value in [0, 1) for instant selection, null if not drawn
 * @param pendingEventKey while ISSUING: the event whose replies the claim completes
 * @param pendingReplies  while ISSUING: what that event's turn said before the claim (feedback, "you won"); the
 *                        claim's outcome is appended and the whole turn sent as one message
 */
@RegisterForReflection
public record Fan(
        @JsonProperty("id") String key,
        String campaignId,
        @JsonProperty("fanId") String conversationId,
        Platform platform,
        String botId,
        String userId,
        String userName,
        FanState state,
        long version,
        boolean selected,
        Double draw,
        int questionIndex,
        int answered,
        int correct,
        boolean won,
        String poolId,
        String ticketCode,
        String pendingEventKey,
        List<Reply> pendingReplies,
        String referral,
        String invitedBy,
        Instant lastMessageAt,
        Instant createdAt,
        Instant updatedAt,
        List<String> processed,
        List<OutboxEntry> outbox) {

    public Fan {
        pendingReplies = pendingReplies == null ? List.of() : List.copyOf(pendingReplies);
        processed = processed == null ? List.of() : List.copyOf(processed);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** The document key of a fan in a campaign. */
    public static String keyOf(String campaignId, String conversationId) {
        return campaignId + "|" + conversationId;
    }

    /** A fan who has just written for the first time: no state yet, version 0 (the first write makes it 1). */
    public static Fan newcomer(String campaignId, String conversationId, Platform platform, String botId, String userId,
            String userName, String referral, Instant now) {
        return new Fan(keyOf(campaignId, conversationId), campaignId, conversationId, platform, botId, userId, userName,
                null, 0, false, null, 0, 0, 0, false, null, null, null, List.of(), referral, null, null, now, now,
                List.of(), List.of());
    }

    /**
     * Someone to answer without keeping them (a message to a campaign that is over): the address of a reply,
     * never stored, so it has no key.
     */
    public static Fan addressee(String campaignId, String conversationId, Platform platform, String botId,
            String userId, String userName, Instant at) {
        return new Fan(null, campaignId, conversationId, platform, botId, userId, userName, null, 0, false, null, 0, 0,
                0, false, null, null, null, List.of(), null, null, at, at, at, List.of(), List.of());
    }

    public boolean hasProcessed(String eventKey) {
        return processed.contains(eventKey);
    }

    public Optional<OutboxEntry> outboxFor(String eventKey) {
        return outbox.stream().filter(e -> e.eventKey().equals(eventKey)).findFirst();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds the next version of a fan; the state machine changes a few fields at a time. */
    public static final class Builder {
        private final Fan base;
        private Platform platform;
        private String userName;
        private FanState state;
        private boolean selected;
        private Double draw;
        private int questionIndex;
        private int answered;
        private int correct;
        private boolean won;
        private String poolId;
        private String ticketCode;
        private String pendingEventKey;
        private List<Reply> pendingReplies;
        private String invitedBy;
        private Instant lastMessageAt;
        private final List<String> processed;
        private final List<OutboxEntry> outbox;

        private Builder(Fan f) {
            base = f;
            platform = f.platform;
            userName = f.userName;
            state = f.state;
            selected = f.selected;
            draw = f.draw;
            questionIndex = f.questionIndex;
            answered = f.answered;
            correct = f.correct;
            won = f.won;
            poolId = f.poolId;
            ticketCode = f.ticketCode;
            pendingEventKey = f.pendingEventKey;
            pendingReplies = f.pendingReplies;
            invitedBy = f.invitedBy;
            lastMessageAt = f.lastMessageAt;
            processed = new ArrayList<>(f.processed);
            outbox = new ArrayList<>(f.outbox);
        }

        public Builder state(FanState s) { state = s; return this; }
        public Builder userName(String n) { if (n != null) { userName = n; } return this; }
        public Builder selected(boolean s) { selected = s; return this; }
        public Builder draw(Double d) { draw = d; return this; }
        public Builder questionIndex(int i) { questionIndex = i; return this; }
        public Builder answered(int a) { answered = a; return this; }
        public Builder correct(int c) { correct = c; return this; }
        public Builder won(boolean w) { won = w; return this; }
        public Builder poolId(String p) { poolId = p; return this; }
        public Builder ticketCode(String c) { ticketCode = c; return this; }
        public Builder pendingEventKey(String k) { pendingEventKey = k; return this; }
        public Builder pendingReplies(List<Reply> r) { pendingReplies = r; return this; }
        public Builder invitedBy(String d) { invitedBy = d; return this; }
        public Builder lastMessageAt(Instant at) {
            if (at != null && (lastMessageAt == null || at.isAfter(lastMessageAt))) {
                lastMessageAt = at;
            }
            return this;
        }

        /** Marks an event as applied, keeping only the newest {@code keep} keys. */
        public Builder processed(String eventKey, int keep) {
            processed.remove(eventKey);
            processed.add(eventKey);
            while (processed.size() > keep) {
                processed.remove(0);
            }
            return this;
        }

        /** Stores (or replaces) the outgoing events of one incoming event, keeping the newest {@code keep}. */
        public Builder outbox(OutboxEntry entry, int keep) {
            outbox.removeIf(e -> e.eventKey().equals(entry.eventKey()));
            outbox.add(entry);
            while (outbox.size() > keep) {
                outbox.remove(0);
            }
            return this;
        }

        public Fan build(Instant now) {
            return new Fan(base.key, base.campaignId, base.conversationId, platform, base.botId, base.userId, userName, state,
                    base.version + 1, selected, draw, questionIndex, answered, correct, won, poolId, ticketCode,
                    pendingEventKey, pendingReplies, base.referral, invitedBy, lastMessageAt, base.createdAt, now, processed, outbox);
        }
    }
}
