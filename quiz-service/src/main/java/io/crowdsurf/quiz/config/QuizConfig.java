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

    /** Short links in the ticket messages ({@code QUIZ_LINKS_*}). */
    Links links();

    /**
     * When a campaign opens (or an open one is updated), each pool's event page ({@code pools[].url}) is registered
     * as a short link with metrics-service's {@code POST /api/v1/links}, under the campaign's id, so that clicks from
     * the chats are counted per campaign. Codes are derived from the campaign's secret seed, the pool and the URL
     * (deterministic: a re-open registers the same codes; unguessable while the seed is secret).
     */
    interface Links {

        /**
         * Register short links. Off: ticket messages carry the plain URL (logged when a campaign opens). On and
         * metrics-service unreachable or refusing: opening the campaign fails with 503 and it stays as it was.
         */
        @WithDefault("true")
        boolean enabled();

        /** metrics-service's base URL as quiz-service reaches it (in the cluster: its Knative service). */
        @WithDefault("http://metrics-service.crowdsurf.svc.cluster.local")
        String metricsUrl();

        /** The public base of the short links the fans get: {@code <public-base>/l/<code>} (metrics-service's). */
        @WithDefault("http://localhost:8084")
        String publicBase();

        /** Bearer token of metrics-service's links API; unset: {@code quiz.admin-token} (one CROWDSURF_ADMIN_TOKEN). */
        Optional<String> adminToken();

        /** Tracking site the clicks count in (metrics-service's sites); unset: metrics-service's default site. */
        Optional<String> site();

        /** Time allowed for connecting to metrics-service and for each registration. */
        @WithDefault("PT5S")
        Duration timeout();
    }
}
