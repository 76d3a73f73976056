package io.crowdsurf.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

/**
 * Matomo's visit rules as a pure function from (visitor state, hit) to (new state, rollup deltas).
 * A visit ends after {@code timeout} without activity (Matomo's 30 minutes), or when the tracker forces a new
 * one ({@code new_visit=1}). Visit metrics (visits, actions, bounces, length, max actions) are attributed to the
 * buckets of the visit's first hit; action rows (pages, downloads, events, ...) to the buckets of the hit.
 * A bounce is a visit with at most one action. Deterministic: the same state and hit always give the same
 * deltas, which is what makes a replay after a crash safe.
 */
public final class VisitRules {

    /** The level-bucket rows a unique visitor is counted in; hours have none (as in Matomo). */
    private static final Level[] UNIQUE_LEVELS = {Level.DAY, Level.WEEK, Level.MONTH, Level.YEAR};
    public static final String ALL = "-";
    public static final String OTHERS = "__others__";

    private final Duration timeout;
    private final int seenKept;
    private final int countedKept;

    public VisitRules(Duration timeout, int seenKept, int countedKept) {
        this.timeout = timeout;
        this.seenKept = seenKept;
        this.countedKept = countedKept;
    }

    public record Outcome(VisitorState state, List<Delta> deltas) {
    }

    /** Matomo counts page views, downloads, outlinks, site searches, events and content interactions. */
    public static boolean isAction(HitKind kind) {
        return switch (kind) {
            case PAGEVIEW, DOWNLOAD, OUTLINK, SEARCH, EVENT, CONTENT_INTERACTION -> true;
            case CONTENT_IMPRESSION, PING -> false;
        };
    }

    public static List<String> buckets(Instant time, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        List<String> keys = new ArrayList<>(Level.values().length);
        for (Level l : Level.values()) {
            keys.add(l.key(local));
        }
        return keys;
    }

    public Outcome apply(VisitorState prev, HitTracked hit, ZoneId zone) {
        long t = hit.time().toEpochMilli();
        boolean action = isAction(hit.kind());
        List<String> hitBuckets = buckets(hit.time(), zone);
        List<Delta> out = new ArrayList<>();
        VisitorState s;
        boolean newVisit = prev == null || hit.newVisit() || Math.abs(t - prev.lastMs()) > timeout.toMillis();
        if (newVisit) {
            int before = prev != null ? prev.visits()
                    : hit.visitCount() != null && hit.visitCount() > 1 ? hit.visitCount() - 1 : 0;
            boolean returning = before > 0 || hit.previousVisitAt() != null;
            String refType = orDefault(hit.referrerType(), "direct");
            String device = orDefault(hit.deviceType(), "unknown");
            Combo combo = new Combo(returning ? "returning" : "new", device, refType);
            s = new VisitorState(t, t, action ? 1 : 0, before + 1, combo.key(), refType, hit.referrerName(),
                    device, orDefault(hit.browser(), "unknown"), hitBuckets, List.of(),
                    prev != null ? prev.counted() : List.of());
            for (String bucket : s.startBuckets()) {
                visitMetric(out, s, bucket, "v", 1);
                visitMetric(out, s, bucket, "b", 1);
                if (action) {
                    visitMetric(out, s, bucket, "a", 1);
                }
                visitMax(out, s, bucket, s.actions());
            }
        } else {
            int actions = prev.actions() + (action ? 1 : 0);
            long last = Math.max(prev.lastMs(), t);
            long lengthBefore = (prev.lastMs() - prev.visitStartMs()) / 1000;
            long lengthAfter = (last - prev.visitStartMs()) / 1000;
            s = new VisitorState(prev.visitStartMs(), last, actions, prev.visits(), prev.combo(), prev.referrerType(),
                    prev.referrerName(), prev.deviceType(), prev.browser(), prev.startBuckets(), prev.seen(),
                    prev.counted());
            for (String bucket : s.startBuckets()) {
                if (action) {
                    visitMetric(out, s, bucket, "a", 1);
                    visitMax(out, s, bucket, actions);
                }
                if (action && actions == 2) {
                    visitMetric(out, s, bucket, "b", -1);
                }
                if (lengthAfter > lengthBefore) {
                    visitMetric(out, s, bucket, "l", lengthAfter - lengthBefore);
                }
            }
        }
        List<String> seen = new ArrayList<>(s.seen());
        actionRows(out, s, hit, hitBuckets, seen);
        List<String> counted = new ArrayList<>(s.counted());
        uniques(out, s, hitBuckets, counted);
        s = new VisitorState(s.visitStartMs(), s.lastMs(), s.actions(), s.visits(), s.combo(), s.referrerType(),
                s.referrerName(), s.deviceType(), s.browser(), s.startBuckets(), trim(seen, seenKept),
                trim(counted, countedKept));
        return new Outcome(s, out);
    }

    private static void visitMetric(List<Delta> out, VisitorState s, String bucket, String metric, long n) {
        out.add(Delta.inc(bucket, Table.VISIT, ALL, s.combo(), metric, n));
        out.add(Delta.inc(bucket, Table.REFERRER_TYPE, s.referrerType(), s.combo(), metric, n));
        out.add(Delta.inc(bucket, Table.REFERRER_NAME, s.referrerName(), s.combo(), metric, n));
        out.add(Delta.inc(bucket, Table.DEVICE_TYPE, s.deviceType(), s.combo(), metric, n));
        out.add(Delta.inc(bucket, Table.BROWSER, s.browser(), s.combo(), metric, n));
        out.add(Delta.inc(bucket, Table.VISITOR_TYPE, Combo.ofKey(s.combo()).visitorType(), s.combo(), metric, n));
    }

    private static void visitMax(List<Delta> out, VisitorState s, String bucket, long actions) {
        out.add(new Delta(bucket, Table.VISIT, ALL, s.combo(), "mx", actions, Delta.Op.MAX));
    }

    private void actionRows(List<Delta> out, VisitorState s, HitTracked hit, List<String> hitBuckets,
            List<String> seen) {
        List<Row> rows = new ArrayList<>();
        String counter = null;
        switch (hit.kind()) {
            case PAGEVIEW -> {
                counter = "pv";
                rows.add(new Row(Table.PAGE_URL, hit.url(), "h"));
                rows.add(new Row(Table.PAGE_TITLE, hit.pageTitle(), "h"));
            }
            case DOWNLOAD -> {
                counter = "dl";
                rows.add(new Row(Table.DOWNLOAD, hit.target(), "h"));
            }
            case OUTLINK -> {
                counter = "ol";
                rows.add(new Row(Table.OUTLINK, hit.target(), "h"));
            }
            case SEARCH -> counter = "se";
            case EVENT -> {
                counter = "ev";
                rows.add(new Row(Table.EVENT_CATEGORY, hit.eventCategory(), "h"));
                rows.add(new Row(Table.EVENT_ACTION, hit.eventAction(), "h"));
                if (hit.eventName() != null) {
                    rows.add(new Row(Table.EVENT_NAME, hit.eventName(), "h"));
                }
            }
            case CONTENT_IMPRESSION, CONTENT_INTERACTION -> {
                String m = hit.kind() == HitKind.CONTENT_IMPRESSION ? "ci" : "cx";
                rows.add(new Row(Table.CONTENT_NAME, hit.contentName(), m));
                rows.add(new Row(Table.CONTENT_PIECE, hit.contentPiece(), m));
            }
            case PING -> {
            }
        }
        if (isAction(hit.kind()) && hit.section() != null) {
            rows.add(new Row(Table.SECTION, hit.section(), "h"));
        }
        for (String bucket : hitBuckets) {
            if (counter != null) {
                out.add(Delta.inc(bucket, Table.VISIT, ALL, s.combo(), counter, 1));
            }
        }
        for (Row r : rows) {
            String seenKey = r.table().ordinal() + "~" + Keys.encode(r.value());
            boolean first = !seen.contains(seenKey);
            if (first) {
                seen.add(seenKey);
            }
            for (String bucket : hitBuckets) {
                out.add(Delta.inc(bucket, r.table(), r.value(), s.combo(), r.metric(), 1));
                if (first) {
                    out.add(Delta.inc(bucket, r.table(), r.value(), s.combo(), "v", 1));
                }
                if (hit.kind() == HitKind.EVENT && hit.eventValue() != null) {
                    double v = hit.eventValue();
                    out.add(new Delta(bucket, r.table(), r.value(), s.combo(), "es", v, Delta.Op.INC));
                    out.add(Delta.inc(bucket, r.table(), r.value(), s.combo(), "en", 1));
                    out.add(new Delta(bucket, r.table(), r.value(), s.combo(), "emx", v, Delta.Op.MAX));
                    out.add(new Delta(bucket, r.table(), r.value(), s.combo(), "emn", v, Delta.Op.MIN));
                }
            }
        }
    }

    private static void uniques(List<Delta> out, VisitorState s, List<String> hitBuckets, List<String> counted) {
        for (Level level : UNIQUE_LEVELS) {
            String bucket = hitBuckets.get(level.ordinal());
            if (!counted.contains(bucket)) {
                counted.add(bucket);
                out.add(Delta.inc(bucket, null, null, null, "uv", 1));
            }
            String perCombo = bucket + "~" + s.combo();
            if (!counted.contains(perCombo)) {
                counted.add(perCombo);
                out.add(Delta.inc(bucket, Table.VISIT, ALL, s.combo(), "u", 1));
            }
        }
    }

    private record Row(Table table, String value, String metric) {
    }

    private static List<String> trim(List<String> list, int keep) {
        return list.size() <= keep ? List.copyOf(list) : List.copyOf(list.subList(list.size() - keep, list.size()));
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }
}
