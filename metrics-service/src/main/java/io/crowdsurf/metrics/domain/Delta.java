package io.crowdsurf.metrics.domain;

/**
 * One change to one rollup: a metric of a row ({@code table}, {@code value}, {@code combo}) — or a document-level
 * metric when {@code table} is null — in the bucket {@code bucket} (e.g. {@code D2026-12-01}).
 * Counts are longs, sums of event values doubles.
 */
public record Delta(String bucket, Table table, String value, String combo, String metric, Number amount, Op op) {

    public enum Op { INC, MAX, MIN }

    public static Delta inc(String bucket, Table table, String value, String combo, String metric, long n) {
        return new Delta(bucket, table, value, combo, metric, n, Op.INC);
    }
}
