package io.crowdsurf.alert.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** alert-service settings; each is also an environment variable ({@code ALERT_OPEN_METEO_URL}, ...). */
@ConfigMapping(prefix = "alert")
public interface AlertConfig {

    /** Bearer token of the admin API ({@code CROWDSURF_ADMIN_TOKEN}); unset: admin calls get 401. */
    Optional<String> adminToken();

    /**
     * Key that signs the personal form links sent on {@code /alerts} ({@code ALERT_LINK_SIGNING_KEY}); unset: the
     * command answers that the form is not available and owner calls get 401.
     */
    Optional<String> linkSigningKey();

    /** How long a form link (and the owner token in it) stays valid. */
    @WithDefault("PT24H")
    Duration linkTtl();

    /** Base URL of this service as the chat user's browser reaches it (the form link). */
    @WithDefault("http://localhost:8083")
    String publicUrl();

    /** Open-Meteo's base URL ({@code OPEN_METEO_URL}); tests point it at a local stub. */
    @WithDefault("https://api.open-meteo.com")
    String openMeteoUrl();

    /** Grid cells (locations) per forecast request: Open-Meteo takes comma-separated coordinate lists. */
    @WithDefault("100")
    int cellsPerRequest();

    /** Days of forecast asked for: covers the longest horizon (7 days) from any hour. */
    @WithDefault("8")
    int forecastDays();

    /** Hour (UTC) of the daily forecast refresh: a cell's forecast fetched since the last one is reused. */
    @WithDefault("2")
    int forecastRefreshHourUtc();

    /** Attempts of one forecast request on 429, 5xx or a network error before the cells are skipped. */
    @WithDefault("4")
    int forecastAttempts();

    /** First backoff between forecast attempts; doubles each time (a 429's Retry-After wins, capped). */
    @WithDefault("PT0.5S")
    Duration forecastBackoff();

    /** Timeout of one forecast or webhook request. */
    @WithDefault("PT10S")
    Duration httpTimeout();

    /** Grid cells per evaluation batch: one batch is one function invocation (one CloudEvent delivery). */
    @WithDefault("500")
    int batchCells();

    /** Key of the HMAC-SHA256 signature on webhook POSTs ({@code ALERT_WEBHOOK_SIGNING_KEY}); unset: no webhooks. */
    Optional<String> webhookSigningKey();

    /** Webhook URLs must be HTTPS; tests and the laptop may allow http:// to a local receiver. */
    @WithDefault("false")
    boolean allowHttpWebhooks();

    /** Messenger tag for alert notifications outside the 24-hour window: the owner asked for these updates. */
    @WithDefault("CONFIRMED_EVENT_UPDATE")
    String messageTag();

    /** Alerts one conversation may own. */
    @WithDefault("50")
    int maxAlertsPerOwner();

    /** The CloudEvent source of everything alert-service emits. */
    @WithDefault("/crowdsurf/alert-service")
    String eventSource();
}
