package io.crowdsurf.quiz.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** quiz-service settings; each is also an environment variable ({@code QUIZ_ADMIN_TOKEN}, ...). */
@ConfigMapping(prefix = "quiz")
public interface QuizConfig {

    /**
     * Bearer token of the admin API ({@code CROWDSURF_ADMIN_TOKEN}). Unset or blank: the admin API
     * answers 401 to everything — it is never open.
     */
    Optional<String> adminToken();

    /** How many recent event keys each fan document remembers to recognise redeliveries. */
    @WithDefault("32")
    int processedEventsKept();

    /** How many recent events' outgoing replies each fan document keeps for re-publishing. */
    @WithDefault("8")
    int outboxKept();

    /** Attempts of one compare-and-set transition before giving up with a retryable error. */
    @WithDefault("16")
    int transitionAttempts();

    /** How long a campaign lookup by channel is cached; admin changes on other replicas show after this. */
    @WithDefault("PT1S")
    Duration campaignCacheTtl();

    /** Messenger's standard messaging window; invitations outside it need the campaign's message tag. */
    @WithDefault("PT24H")
    Duration messengerWindow();

    /** Largest count one draw may invite. */
    @WithDefault("10000")
    int maxDrawCount();

    /**
     * How long a ticket claim may be in flight before the sweeper finishes it for the fan: far longer than a claim
     * takes (milliseconds), shorter than the schedule's period, so a crashed claim is finished within one period.
     */
    @WithDefault("PT2M")
    Duration sweepAfter();

    /** Most interrupted claims (and, separately, pending pool units) one sweep finishes; the next sweep goes on. */
    @WithDefault("500")
    int sweepBatch();
}
