package io.crowdsurf.metrics.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.config.ReportsConfig;
import io.crowdsurf.metrics.domain.Delta;
import io.crowdsurf.metrics.domain.Keys;
import io.crowdsurf.metrics.domain.VisitRules;
import io.crowdsurf.metrics.domain.VisitorState;

/**
 * Applies batches of hits of one Kafka partition to the rollups, with an exactly-once effect and no
 * multi-document transaction. Every document it writes belongs to one partition (rollups are per partition;
 * visitors are keyed like the records, so each lives in one partition) and carries {@code off}, the last offset
 * of that partition applied to it. A batch is applied as:
 * <ol>
 * <li>visitor states are read; hits at or below their visitor's {@code off} are already fully applied, and a hit
 * whose id is among its visitor's hit ids is a copy of one already counted (hit ids are derived from site and
 * visitor, so both copies meet in one visitor document — no write per hit);</li>
 * <li>the visit rules give deltas per rollup document (deterministic: same state and hits, same deltas);</li>
 * <li>each rollup document gets the deltas of hits above its own {@code off}, and the new {@code off}, in one
 * compare-and-set update;</li>
 * <li>only then the visitor states (with their hit ids) are written, also compare-and-set.</li>
 * </ol>
 * A crash anywhere leaves every document either before or after the batch; the replay recomputes the same
 * deltas from the visitor states (still the old ones, since they are written last) and each document skips
 * what it already has. Two instances after a rebalance compute the same deltas; the loser of a
 * compare-and-set forgets its cache and retries, and then finds the work done.
 */
@ApplicationScoped
public class Aggregator {

    private static final Logger LOG = Logger.getLogger(Aggregator.class);

    /** One record of the partition: its offset and the hit, or null when it carries no usable hit. */
    public record Hit(long offset, HitTracked hit) {
    }

    /** Another writer moved a document on; the batch must be recomputed from fresh state. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String what) {
            super(what);
        }
    }

    private record DocState(long offset, RollupStore.Body body) {
    }

    /** The spilled hit ids of a visitor, as of {@code chunks} chunks (chunks never change once written). */
    private record Spilled(int chunks, Set<String> ids) {
    }

    /** A cache key: what is cached belongs to one partition, and a partition's entries are dropped together. */
    private record Cached(int partition, String id) {
    }

    private final RollupStore rollups;
    private final VisitorStore visitors;
    private final SiteZones zones;
    private final ReportsConfig config;
    private final WriteFaults faults;
    private final HitIds hitIds;
    private final VisitRules rules;
    // Bounded by what they hold (cells, strings), over all partitions: see WeightedLru for why not by count.
    private final WeightedLru<Cached, VisitorStore.Stored> visitorCache;
    private final WeightedLru<Cached, Spilled> spilledCache;
    private final WeightedLru<Cached, DocState> docCache;

    public Aggregator(RollupStore rollups, VisitorStore visitors, HitIds hitIds, SiteZones zones,
            ReportsConfig config, WriteFaults faults) {
        this.hitIds = hitIds;
        this.rollups = rollups;
        this.visitors = visitors;
        this.zones = zones;
        this.config = config;
        this.faults = faults;
        this.rules = new VisitRules(config.visitTimeout(), config.seenPerVisit(), config.countedPerVisitor());
        this.visitorCache = new WeightedLru<>(config.visitorCacheStrings(), Aggregator::weight);
        this.spilledCache = new WeightedLru<>(Math.max(1, config.visitorCacheStrings() / 10), s -> s.ids().size());
        this.docCache = new WeightedLru<>(config.rollupCacheCells(), d -> cells(d.body()));
    }

    /** Strings a cached visitor state holds (its lists dominate its size). */
    static long weight(VisitorStore.Stored s) {
        long w = 8 + s.hitIds().size();
        VisitorState v = s.state();
        if (v != null) {
            w += v.startBuckets().size() + v.seen().size() + v.counted().size();
        }
        return w;
    }

    /** The cells of a rollup body: one per metric, plus one per row and per combo (each is a map of its own). */
    static long cells(RollupStore.Body body) {
        long n = body.top().size();
        for (Map<String, Map<String, Map<String, Number>>> rows : body.tables().values()) {
            for (Map<String, Map<String, Number>> combos : rows.values()) {
                n++;
                for (Map<String, Number> metrics : combos.values()) {
                    n += 1 + metrics.size();
                }
            }
        }
        return n;
    }

    /** Cells of the cached rollup documents and strings of the cached visitor states (tests check the bounds). */
    public long[] cacheWeights() {
        return new long[] {docCache.weight(), visitorCache.weight() + spilledCache.weight()};
    }

    /** Drops what is cached of a partition: after a failure, a revocation or an assignment. */
    public void forget(int partition) {
        visitorCache.removeIf(k -> k.partition() == partition);
        spilledCache.removeIf(k -> k.partition() == partition);
        docCache.removeIf(k -> k.partition() == partition);
    }

    /** Applies one batch of consecutive records of a partition; safe to call again with the same records. */
    public void apply(int partition, List<Hit> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            applyBatch(partition, batch);
        } catch (RuntimeException | Error e) { // NOPMD: an OutOfMemoryError too leaves half-changed cached bodies
            // Cached documents may hold part of this batch (they are changed in place before the writes).
            forget(partition);
            throw e;
        }
    }

    private void applyBatch(int partition, List<Hit> batch) {
        long last = batch.get(batch.size() - 1).offset();

        // 1. visitor states
        // (held in a local map: the cache may evict while a large batch is being worked on)
        Map<String, VisitorStore.Stored> current = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Hit h : batch) {
            if (counts(h)) {
                String vid = Keys.visitorId(h.hit().siteId(), h.hit().visitorId());
                VisitorStore.Stored cached = visitorCache.get(new Cached(partition, vid));
                if (cached != null) {
                    current.put(vid, cached);
                } else {
                    missing.add(vid);
                }
            }
        }
        Map<String, VisitorStore.Stored> loaded = visitors.load(missing);
        for (String vid : missing) {
            current.put(vid, loaded.getOrDefault(vid, VisitorStore.Stored.none()));
        }

        // 2. the spilled hit ids of the (rare) visitors with more hits than their document keeps
        Map<String, Integer> spilledCounts = new HashMap<>();
        current.forEach((vid, st) -> {
            if (st.spilledChunks() > 0) {
                spilledCounts.put(vid, st.spilledChunks());
            }
        });
        Map<String, Set<String>> spilled = new HashMap<>();
        Map<String, Integer> toLoad = new HashMap<>();
        spilledCounts.forEach((vid, n) -> {
            Spilled c = spilledCache.get(new Cached(partition, vid));
            if (c != null && c.chunks() == n) {
                // Used as it is: it changes only by a spill of this batch, and a failed batch forgets the cache.
                spilled.put(vid, c.ids());
            } else {
                toLoad.put(vid, n);
            }
        });
        if (!toLoad.isEmpty()) {
            spilled.putAll(hitIds.spilled(toLoad));
        }

        // 3. deltas, in offset order; a hit whose id its visitor already has (a retried request, a re-imported
        // row: the id is derived from site and visitor) counts once. The check reads only the visitor's state,
        // which is written last, so a replay decides exactly as the first attempt did.
        Map<String, VisitorState> next = new LinkedHashMap<>();
        Map<String, Long> expected = new HashMap<>();
        Map<String, HitList> ids = new HashMap<>();
        List<HitIds.Chunk> spills = new ArrayList<>();
        Map<String, List<Pending>> pending = new LinkedHashMap<>();
        Map<String, String[]> docMeta = new HashMap<>();
        int keep = Math.max(1, config.hitIdsPerVisitor());
        for (Hit h : batch) {
            if (!counts(h)) {
                continue;
            }
            HitTracked hit = h.hit();
            String vid = Keys.visitorId(hit.siteId(), hit.visitorId());
            VisitorStore.Stored stored = current.get(vid);
            if (h.offset() <= stored.offset()) {
                continue;
            }
            HitList known = ids.get(vid);
            if (hit.hitId() != null) {
                if (known == null) {
                    known = new HitList(stored);
                    ids.put(vid, known);
                }
                Set<String> old = spilled.get(vid);
                if (known.recent.contains(hit.hitId()) || old != null && old.contains(hit.hitId())) {
                    continue;
                }
                known.recent.add(hit.hitId());
                if (known.recent.size() > keep) {
                    // Full: the list becomes chunk n; its ids stay known to the rest of this batch.
                    List<String> chunk = List.copyOf(known.recent);
                    spills.add(new HitIds.Chunk(vid, known.chunks, chunk));
                    spilled.computeIfAbsent(vid, k -> new HashSet<>()).addAll(chunk);
                    known.chunks++;
                    known.recent.clear();
                }
            }
            expected.putIfAbsent(vid, stored.offset());
            VisitorState before = next.containsKey(vid) ? next.get(vid) : stored.state();
            VisitRules.Outcome outcome = rules.apply(before, hit, zones.zone(hit.siteId()));
            next.put(vid, outcome.state());
            // A hit's ~100 deltas fall in at most ten buckets: look each bucket's document up once.
            String lastBucket = null;
            List<Pending> target = null;
            for (Delta d : outcome.deltas()) {
                if (!d.bucket().equals(lastBucket)) {
                    String id = Keys.rollupId(hit.siteId(), d.bucket(), partition);
                    target = pending.computeIfAbsent(id, k -> new ArrayList<>());
                    docMeta.putIfAbsent(id, new String[] {hit.siteId(), d.bucket()});
                    lastBucket = d.bucket();
                }
                target.add(new Pending(h.offset(), d));
            }
        }

        // 4. the rollup documents, whole (cached: this partition is their only writer)
        Map<String, DocState> docStates = new HashMap<>();
        Set<String> unknownDocs = new LinkedHashSet<>();
        for (String id : pending.keySet()) {
            DocState cached = docCache.get(new Cached(partition, id));
            if (cached != null) {
                docStates.put(id, cached);
            } else {
                unknownDocs.add(id);
            }
        }
        if (!unknownDocs.isEmpty()) {
            Map<String, RollupStore.Loaded> docs = rollups.load(unknownDocs);
            for (String id : unknownDocs) {
                RollupStore.Loaded l = docs.get(id);
                docStates.put(id, l == null ? new DocState(-1, new RollupStore.Body(new HashMap<>(), new HashMap<>()))
                        : new DocState(l.offset(), l.body()));
            }
        }

        // 5. the batch applied in memory, then one compare-and-set replace per changed document. The cached
        // bodies are changed in place: any failure below forgets the partition's cache, so a half-applied body
        // is never reused.
        List<RollupStore.Update> updates = new ArrayList<>();
        Map<String, DocState> after = new HashMap<>();
        for (Map.Entry<String, List<Pending>> e : pending.entrySet()) {
            DocState ds = docStates.get(e.getKey());
            boolean changed = false;
            for (Pending p : e.getValue()) {
                if (p.offset() > ds.offset()) {
                    applyDelta(ds.body(), p.delta());
                    changed = true;
                }
            }
            if (!changed) {
                continue;
            }
            String[] meta = docMeta.get(e.getKey());
            updates.add(new RollupStore.Update(e.getKey(), meta[0], meta[1], partition, ds.offset(), last, ds.body()));
            after.put(e.getKey(), new DocState(last, ds.body()));
        }
        int chunk = Math.max(1, config.writeChunk());
        for (int i = 0; i < updates.size(); i += chunk) {
            List<RollupStore.Update> part = updates.subList(i, Math.min(updates.size(), i + chunk));
            faults.step("rollup write");
            int applied = rollups.apply(part);
            if (applied < part.size()) {
                forget(partition);
                throw new ConflictException("partition " + partition + ": " + (part.size() - applied)
                        + " rollup documents were moved on by another writer");
            }
            for (RollupStore.Update u : part) {
                docCache.put(new Cached(partition, u.id()), after.get(u.id()));
            }
        }

        // 6. spilled hit ids (before the visitor states that count them)
        if (!spills.isEmpty()) {
            faults.step("hit id spill");
            hitIds.write(spills);
        }

        // 7. visitor states, last
        List<VisitorStore.Write> writes = new ArrayList<>();
        for (Map.Entry<String, VisitorState> e : next.entrySet()) {
            String vid = e.getKey();
            HitList known = ids.get(vid);
            VisitorStore.Stored stored = current.get(vid);
            writes.add(new VisitorStore.Write(vid, expected.get(vid), last, e.getValue(),
                    known == null ? stored.hitIds() : List.copyOf(known.recent),
                    known == null ? stored.spilledChunks() : known.chunks));
        }
        for (int i = 0; i < writes.size(); i += chunk) {
            List<VisitorStore.Write> part = writes.subList(i, Math.min(writes.size(), i + chunk));
            faults.step("visitor write");
            int applied = visitors.save(part);
            if (applied < part.size()) {
                forget(partition);
                throw new ConflictException("partition " + partition + ": " + (part.size() - applied)
                        + " visitors were moved on by another writer");
            }
            for (VisitorStore.Write w : part) {
                visitorCache.put(new Cached(partition, w.id()), new VisitorStore.Stored(last, w.state(), w.hitIds(), w.spilledChunks()));
                if (w.spilledChunks() > 0 && spilled.containsKey(w.id())) {
                    spilledCache.put(new Cached(partition, w.id()), new Spilled(w.spilledChunks(), spilled.get(w.id())));
                }
            }
        }
        faults.step("offset commit");
        if (LOG.isDebugEnabled()) {
            LOG.debugf("partition %d: applied offsets %d..%d, %d rollup updates, %d visitors", partition,
                    batch.get(0).offset(), last, updates.size(), writes.size());
        }
    }

    private boolean counts(Hit h) {
        return h.hit() != null && h.hit().siteId() != null && h.hit().visitorId() != null && h.hit().time() != null
                && h.hit().kind() != null && (config.includeBots() || !h.hit().bot());
    }

    private record Pending(long offset, Delta delta) {
    }

    /** A visitor's hit ids while a batch is worked on: the document's list (in order) and its chunk count. */
    private static final class HitList {
        final LinkedHashSet<String> recent;
        int chunks;

        HitList(VisitorStore.Stored stored) {
            this.recent = new LinkedHashSet<>(stored.hitIds());
            this.chunks = stored.spilledChunks();
        }
    }

    /** Adds one delta to a document body; a dimension full of values sends new ones to the Others row. */
    private void applyDelta(RollupStore.Body body, Delta d) {
        Map<String, Number> metrics;
        if (d.table() == null) {
            metrics = body.top();
        } else {
            Map<String, Map<String, Map<String, Number>>> rows = body.tables().computeIfAbsent(d.table().field(),
                    k -> new HashMap<>());
            String enc = Keys.encode(d.value());
            if (!rows.containsKey(enc) && rows.size() >= config.maxRowsPerDimension()) {
                enc = Keys.encode(VisitRules.OTHERS);
            }
            metrics = rows.computeIfAbsent(enc, k -> new HashMap<>()).computeIfAbsent(d.combo(), k -> new HashMap<>());
        }
        Number old = metrics.get(d.metric());
        Number c = d.amount();
        Number merged = old == null ? c : switch (d.op()) {
            case INC -> old instanceof Long || old instanceof Integer ? c instanceof Long || c instanceof Integer
                    ? (Number) (old.longValue() + c.longValue()) : (Number) (old.doubleValue() + c.doubleValue())
                    : (Number) (old.doubleValue() + c.doubleValue());
            case MAX -> old.doubleValue() >= c.doubleValue() ? old : c;
            case MIN -> old.doubleValue() <= c.doubleValue() ? old : c;
        };
        metrics.put(d.metric(), merged);
    }
}
