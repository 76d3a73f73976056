package io.crowdsurf.devstack.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;

/**
 * The devstack's MongoDB-wire storage: mongo-java-server's memory backend serving every read and write (its
 * hash-map unique indexes, no serialisation on the request path) plus a {@link Journal} of every document change
 * in {@code dir}, replayed at start and compacted into a snapshot at start and whenever the journal has grown to
 * twice the snapshot (at least 64 MiB). Data survives {@code close()} completely and {@code kill -9} up to the
 * last {@value Journal#FLUSH_INTERVAL_MS} ms of writes. All data is held in the heap.
 * <p>Why not the H2 backend: its MVStore maps store documents and index keys with H2's generic
 * {@code ObjectDataType}, which Java-serialises index keys for every comparison of a B-tree look-up and
 * Java-serialises documents on every commit; a JFR profile of metrics-service's operations put about half of the
 * server's CPU there (devstack/README.md, <i>mongo</i>).
 * <p>A directory that still holds the H2 backend's {@code crowdsurf.mv} and no journal is imported once
 * ({@link H2Import}); the file is then renamed {@code crowdsurf.mv.imported}.
 */
public final class JournaledBackend extends AbstractMongoBackend {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledBackend.class);

    private final Path dir;
    private final Journal journal;
    private final Set<JournaledCollection> live = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Map<String, Map<Journal.Key, byte[]>> recovered;

    public JournaledBackend(Path dir) throws IOException {
        this.dir = dir;
        Journal.Recovered state = Journal.recover(dir);
        Map<String, Map<Journal.Key, byte[]>> namespaces = state.namespaces();
        Path legacy = dir.resolve("crowdsurf.mv");
        boolean imported = false;
        if (state.empty() && Files.exists(legacy)) {
            namespaces = H2Import.read(legacy);
            imported = true;
        }
        this.recovered = new ConcurrentHashMap<>(namespaces);
        this.journal = Journal.open(dir, state.nextSegment());
        namespaces.keySet().stream().map(ns -> ns.substring(0, ns.indexOf('.'))).distinct().sorted()
                .forEach(this::resolveDatabase);
        if (!recovered.isEmpty()) {
            LOG.warn("recovered documents of namespaces no database lists were ignored: {}", recovered.keySet());
        }
        recovered.clear();
        // A snapshot now makes the next start read one file, and keeps the journal from growing across restarts.
        compact();
        if (imported) {
            Files.move(legacy, dir.resolve("crowdsurf.mv.imported"));
            LOG.info("imported the H2 file {}; kept as crowdsurf.mv.imported", legacy);
        }
        // Compactions run on a thread of their own, so the flusher keeps writing every 100 ms meanwhile.
        journal.start(() -> {
            if (!compacting.get()) {
                Thread.ofPlatform().daemon().name("mongo-journal-compaction").start(() -> {
                    try {
                        compact();
                    } catch (IOException | RuntimeException e) {
                        LOG.error("journal compaction failed; the journal keeps growing until the next one", e);
                    }
                });
            }
        });
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new JournaledDatabase(databaseName, getCursorRegistry(), this);
    }

    Journal journal() {
        return journal;
    }

    Set<JournaledCollection> live() {
        return live;
    }

    /** The recovered documents of a namespace, handed out once, while the databases are being opened. */
    Map<Journal.Key, byte[]> takeRecovered(String namespace) {
        return recovered.remove(namespace);
    }

    /** Writes a snapshot of every live collection and starts a new journal segment (one compaction at a time). */
    public void compact() throws IOException {
        if (!compacting.compareAndSet(false, true)) {
            return;
        }
        try {
            journal.compact(sink -> {
                for (JournaledCollection collection : live) {
                    String ns = collection.getFullName();
                    collection.forEachDocument((key, bson) -> sink.put(ns, key, bson));
                }
            });
        } finally {
            compacting.set(false);
        }
    }

    /** Writes the journal's pending records to the file now (tests; the journal does it every 100 ms). */
    public void flush() throws IOException {
        journal.flush();
    }

    @Override
    public void close() {
        super.close();
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("journal in {} closed", dir);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + dir + "]";
    }
}
