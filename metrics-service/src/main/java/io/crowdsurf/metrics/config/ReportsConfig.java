package io.crowdsurf.metrics.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Aggregator and report settings of metrics-service ({@code METRICS_REPORTS_*}). The admin token and the hits
 * topic are the ingest half's ({@code metrics.admin-token}, {@code metrics.hits-topic}).
 */
@ConfigMapping(prefix = "metrics.reports")
public interface ReportsConfig {

    /** Run the aggregator (the Kafka consumer of hits) in this process. */
    @WithDefault("true")
    boolean aggregatorEnabled();

    /** Consumer group of the aggregator; every instance of the group shares the partitions. */
    @WithDefault("metrics-aggregator")
    String groupId();

    /** Matomo's visit timeout: a visit ends after this long without activity. */
    @WithDefault("PT30M")
    Duration visitTimeout();

    /** Count hits from known crawlers in the reports (Matomo excludes them). */
    @WithDefault("false")
    boolean includeBots();

    /**
     * Largest number of records one poll hands to the batches of its partitions; it bounds a batch's memory: each
     * hit becomes about 130 pending deltas (~70 bytes each) until the batch is written, ≈ 18 MB at 2000.
     */
    @WithDefault("2000")
    int maxPollRecords();

    /** Largest number of bytes one fetch of the consumer buffers (Kafka's fetch.max.bytes), for all partitions. */
    @WithDefault("8388608")
    int fetchMaxBytes();

    /** Longest wait of one poll; bounds how long a hit waits before it is aggregated. */
    @WithDefault("PT0.1S")
    Duration pollTimeout();

    /** Rollup updates per bulk write. */
    @WithDefault("500")
    int writeChunk();

    /** Distinct values one rollup document keeps per dimension; further values go to the "Others" row. */
    @WithDefault("1000")
    int maxRowsPerDimension();

    /** Action values remembered per visit to count a row's nb_visits once per visit. */
    @WithDefault("256")
    int seenPerVisit();

    /** Period keys remembered per visitor to count it once per day, week, month and year. */
    @WithDefault("96")
    int countedPerVisitor();

    /**
     * Hit ids a visitor document keeps to count a resent hit once; beyond, they move to a chunk document of their
     * own (read again only for such visitors).
     */
    @WithDefault("256")
    int hitIdsPerVisitor();

    /**
     * Strings of visitor states kept in memory over all partitions (a visitor of a few page views holds ~25:
     * its buckets, seen values, counted periods and hit ids; ~80 bytes each). Beyond, the least recently used
     * visitors are read again from MongoDB. ≈ 30 MB at the default.
     */
    @WithDefault("400000")
    long visitorCacheStrings();

    /**
     * Cells of rollup documents kept in memory over all partitions (a cell is one metric, row or combo of a
     * document; ~100 bytes each in the heap). A bound on bytes, not on documents: an hour document of one visit
     * has ~60 cells, a busy site's year document tens of thousands. Beyond, the least recently used documents
     * are read again. ≈ 40 MB at the default.
     */
    @WithDefault("400000")
    long rollupCacheCells();

    /** Wait after a failed batch (MongoDB away) before it is tried again; doubles up to ten times this. */
    @WithDefault("PT0.5S")
    Duration retryBackoff();

    /** How long a site's time zone is cached. */
    @WithDefault("PT10S")
    Duration siteCacheTtl();

    /** Largest number of rows one report answers. */
    @WithDefault("10000")
    int maxLimit();
}
