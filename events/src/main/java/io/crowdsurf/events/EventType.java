package io.crowdsurf.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.events.data.AlertOpportunity;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.ChatReplyDelivered;
import io.crowdsurf.events.data.ChatReplyFailed;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.events.data.LinkClicked;
import io.crowdsurf.events.data.QuizDrawRequested;
import io.crowdsurf.events.data.QuizSweepRequested;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.events.data.QuizTicketCheckedIn;

import static io.crowdsurf.events.Service.ALERT_SERVICE;
import static io.crowdsurf.events.Service.BOT_GATEWAY;
import static io.crowdsurf.events.Service.METRICS_SERVICE;
import static io.crowdsurf.events.Service.QUIZ_SERVICE;
import static io.crowdsurf.events.Service.SCHEDULE;

/**
 * The event catalog: every CloudEvent type that crosses a service boundary, its data record,
 * who emits it and who consumes it. A type nobody consumes is terminal (kept for audit and analytics).
 * Tests hold the k8s Triggers and the services' code to this list.
 */
public enum EventType {
    // metrics-service keeps the /stats members rollup from it.
    CHAT_MESSAGE_RECEIVED("com.crowdsurf.chat.message.received", ChatMessageReceived.class,
            Set.of(BOT_GATEWAY), Set.of(QUIZ_SERVICE, METRICS_SERVICE)),
    // Each consumer's Trigger also filters on the crowdsurfcommand extension (CrowdsurfEvents.COMMAND), so a
    // service only receives its own commands: alert-service /alerts, metrics-service /stats.
    CHAT_COMMAND_RECEIVED("com.crowdsurf.chat.command.received", ChatCommandReceived.class,
            Set.of(BOT_GATEWAY), Set.of(ALERT_SERVICE, METRICS_SERVICE)),
    CHAT_REPLY_REQUESTED("com.crowdsurf.chat.reply.requested", ChatReplyRequested.class,
            Set.of(QUIZ_SERVICE, ALERT_SERVICE, METRICS_SERVICE), Set.of(BOT_GATEWAY)),
    CHAT_REPLY_DELIVERED("com.crowdsurf.chat.reply.delivered", ChatReplyDelivered.class,
            Set.of(BOT_GATEWAY), Set.of()),
    CHAT_REPLY_FAILED("com.crowdsurf.chat.reply.failed", ChatReplyFailed.class,
            Set.of(BOT_GATEWAY), Set.of()),
    // metrics-service keeps the /stats tickets rollup from it.
    QUIZ_TICKET_AWARDED("com.crowdsurf.quiz.ticket.awarded", QuizTicketAwarded.class,
            Set.of(QUIZ_SERVICE), Set.of(METRICS_SERVICE)),
    // metrics-service's /stats tickets counts check-ins from it, each ticket once.
    QUIZ_TICKET_ADMITTED("com.crowdsurf.quiz.ticket.admitted", QuizTicketCheckedIn.class,
            Set.of(QUIZ_SERVICE), Set.of(METRICS_SERVICE)),
    QUIZ_DRAW_REQUESTED("com.crowdsurf.quiz.draw.requested", QuizDrawRequested.class,
            Set.of(SCHEDULE), Set.of(QUIZ_SERVICE)),
    // Every 5 minutes: quiz-service finishes ticket claims a crash left half-done (fans in ISSUING, pending units).
    QUIZ_SWEEP_REQUESTED("com.crowdsurf.quiz.sweep.requested", QuizSweepRequested.class,
            Set.of(SCHEDULE), Set.of(QUIZ_SERVICE)),
    // The schedule asks for a whole run; alert-service splits it into batches of cells, one event each
    // (same type, with the batch's cells), so every function invocation stays short.
    ALERT_EVALUATION_REQUESTED("com.crowdsurf.alert.evaluation.requested", AlertEvaluationRequested.class,
            Set.of(SCHEDULE, ALERT_SERVICE), Set.of(ALERT_SERVICE)),
    ALERT_OPPORTUNITY_FOUND("com.crowdsurf.alert.opportunity.found", AlertOpportunity.class,
            Set.of(ALERT_SERVICE), Set.of()),
    ALERT_OPPORTUNITY_CANCELLED("com.crowdsurf.alert.opportunity.cancelled", AlertOpportunity.class,
            Set.of(ALERT_SERVICE), Set.of()),
    METRICS_LINK_CLICKED("com.crowdsurf.metrics.link.clicked", LinkClicked.class,
            Set.of(METRICS_SERVICE), Set.of()),
    // On crowdsurf.hits, not crowdsurf.events: metrics-service's aggregator reads that topic directly (it
    // needs the offsets for exactly-once rollups), so no Trigger routes it and the Broker never sees it.
    METRICS_HIT_TRACKED("com.crowdsurf.metrics.hit.tracked", HitTracked.class,
            Set.of(METRICS_SERVICE), Set.of());

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final Class<?> dataClass;
    private final Set<Service> emitters;
    private final Set<Service> consumers;

    EventType(String type, Class<?> dataClass, Set<Service> emitters, Set<Service> consumers) {
        this.type = type;
        this.dataClass = dataClass;
        this.emitters = emitters;
        this.consumers = consumers;
    }

    /** The CloudEvent {@code type} attribute. */
    public String type() {
        return type;
    }

    public Class<?> dataClass() {
        return dataClass;
    }

    public Set<Service> emitters() {
        return emitters;
    }

    public Set<Service> consumers() {
        return consumers;
    }

    /** Nobody consumes it: no Trigger may exist for it. */
    public boolean terminal() {
        return consumers.isEmpty();
    }

    public static Optional<EventType> find(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** @throws EventContractException for a type not in the catalog */
    public static EventType of(String type) {
        return find(type).orElseThrow(() -> new EventContractException("unknown event type '" + type + "'"));
    }

    public static EventType forData(Class<?> dataClass) {
        EventType found = null;
        for (EventType t : values()) {
            if (t.dataClass == dataClass) {
                if (found != null) {
                    throw new IllegalArgumentException(dataClass.getSimpleName() + " is the data of several types; name one");
                }
                found = t;
            }
        }
        if (found == null) {
            throw new EventContractException("no event type carries " + dataClass.getName());
        }
        return found;
    }
}
