package io.crowdsurf.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds, 3 significant digits, up to 5 minutes (HdrHistogram).
 * Reported in milliseconds with the percentile's upper bound of its bucket ("at most").
 */
public final class Latency {

    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);

    public synchronized void recordNanos(long nanos) {
        long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The value (ms) at or below which {@code percentile} % of the recorded values lie. */
    public synchronized double percentileMs(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public synchronized double maxMs() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    public synchronized double meanMs() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }

    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count());
        m.put("p50_ms", round(percentileMs(50)));
        m.put("p95_ms", round(percentileMs(95)));
        m.put("p99_ms", round(percentileMs(99)));
        m.put("max_ms", round(maxMs()));
        m.put("mean_ms", round(meanMs()));
        return m;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}
