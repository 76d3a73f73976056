package io.crowdsurf.metrics.config;

import java.time.Duration;
import java.util.Optional;

import io.crowdsurf.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * metrics-service ingest settings; each is also an environment variable ({@code METRICS_HITS_TOPIC}, ...).
 * The reports side has its own mapping under {@code metrics.reports}.
 */
@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {

    /**
     * Bearer token of the admin API and of Matomo's {@code token_auth} ({@code CROWDSURF_ADMIN_TOKEN}). Unset or
     * blank: the admin API answers 401 to everything, and tracking requests that Matomo only accepts with a
     * token (backdated {@code cdt}, overridden {@code cip}) have those parameters ignored.
     */
    Optional<String> adminToken();

    /** Kafka topic of the hits (the aggregator reads it directly). */
    @WithDefault(Topics.HITS)
    String hitsTopic();

    /** Producer linger of the hits publisher: a bulk request's hits share Kafka batches. */
    @WithDefault("2")
    int hitsLingerMs();

    /**
     * Producer batch size of the hits publisher, bytes per partition: a bulk request of 100 hits (~70 KB of JSON)
     * spread over the partitions fits in one batch per partition instead of Kafka's default 16 KiB.
     */
    @WithDefault("131072")
    int hitsBatchBytes();

    /**
     * Compression of the hits' producer batches ({@code none}, {@code lz4}, {@code snappy}, {@code zstd},
     * {@code gzip}; the broker must have the codec too). {@code none} by default: the devstack's and the drills'
     * in-process brokers have no lz4 (a batch they cannot decompress is refused, every hit 503), and its gain was not
     * measured here; on a real cluster, try {@code lz4} against the brokers' CPU and network.
     */
    @WithDefault("none")
    String hitsCompression();

    /**
     * Sign hits with {@code crowdsurf.events.signing-key} like other events. Off by default: nobody verifies them (the
     * aggregator reads Kafka directly; no Broker delivery to a public endpoint), and it costs CPU per hit.
     */
    @WithDefault("false")
    boolean signHits();

    /** The CloudEvent source of every hit. */
    @WithDefault("/crowdsurf/metrics-service")
    String eventSource();

    /** Largest request body on every endpoint but the CSV import (which streams); bigger gets 413. */
    @WithDefault("1048576")
    long maxRequestBytes();

    /** Most hits in one bulk {@code matomo.php} request or one {@code /api/v1/track} batch. */
    @WithDefault("10000")
    int maxHitsPerRequest();

    /** CSV import: rows validated and enriched per Kafka round trip (one ack wait per batch). */
    @WithDefault("500")
    int importBatchSize();

    /** CSV import: at most this many rejected rows are listed (with line numbers and reasons) in the answer. */
    @WithDefault("100")
    int importErrorsListed();

    /** Longest accepted CSV line; a longer line is rejected, so one row never needs unbounded memory. */
    @WithDefault("65536")
    int importMaxLineChars();

    /** How long a site looked up for a hit is cached; admin changes show on other replicas after this. */
    @WithDefault("PT5S")
    Duration siteCacheTtl();

    /**
     * Matomo accepts a {@code cdt} older than this only with {@code token_auth}; without it such a time is
     * ignored and the hit counted now, as Matomo does.
     */
    @WithDefault("PT24H")
    Duration untrustedBackdate();

    /** Parsed user agents kept in memory (the parser's own LRU cache). */
    @WithDefault("20000")
    int userAgentCacheSize();

    /**
     * Parse user agents at start-up (in the background) instead of on the first hit. Off, the rule set loads when
     * the first hit arrives, and that hit waits for it.
     */
    @WithDefault("true")
    boolean userAgentPreload();

    /** Readiness stays DOWN until the user-agent rules are loaded (only with {@code user-agent-preload}). */
    @WithDefault("true")
    boolean readyAfterUserAgentRules();

    /** Take the client address from the first {@code X-Forwarded-For} entry (behind Knative's ingress). */
    @WithDefault("true")
    boolean trustForwardedFor();
}
