package io.crowdsurf.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The devstack's MongoDB-wire server over real wire connections with the services' driver: what is written
 * survives a clean restart, a {@code kill -9} of the server process (up to the journal's last flush) and
 * compactions running while writes go on; unique indexes and compare-and-set updates behave as the services
 * need; a data directory of the former H2 backend is imported.
 */
class JournaledBackendTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** A started server on {@link #dir} and a client connected to it. */
    private record Running(JournaledBackend backend, MongoServer server, MongoClient client) {
        com.mongodb.client.MongoDatabase db() {
            return client.getDatabase("crowdsurf");
        }

        void stop() {
            client.close();
            server.shutdown();
            backend.close();
        }
    }

    private Running start() throws IOException {
        JournaledBackend backend = new JournaledBackend(dir);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        return new Running(backend, server, client);
    }

    @Test
    void documentsIndexesUpdatesAndDeletesSurviveARestart() throws IOException {
        Running first = start();
        MongoCollection<Document> fans = first.db().getCollection("fans");
        fans.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("cas"));
        fans.createIndex(Indexes.ascending("campaignId", "fanId"), new IndexOptions().unique(true).name("byFan"));
        for (int i = 0; i < 100; i++) {
            fans.insertOne(new Document("_id", "f" + i).append("version", 1L).append("campaignId", "c")
                    .append("fanId", "u" + i).append("tags", List.of("a", "b")).append("nested", new Document("n", i)));
        }
        fans.updateOne(new Document("_id", "f1"), Updates.set("state", "ASKED"));
        fans.replaceOne(new Document("_id", "f2").append("version", 1L),
                new Document("_id", "f2").append("version", 2L).append("campaignId", "c").append("fanId", "u2"));
        fans.updateOne(new Document("_id", "f-new"), Updates.combine(Updates.setOnInsert("campaignId", "c"),
                Updates.setOnInsert("fanId", "u-new"), Updates.inc("version", 1L)), new UpdateOptions().upsert(true));
        fans.deleteOne(new Document("_id", "f3"));
        first.db().getCollection("scratch").insertOne(new Document("_id", 1));
        first.db().getCollection("scratch").drop();
        first.stop();

        Running second = start();
        open.add(second::stop);
        MongoCollection<Document> again = second.db().getCollection("fans");
        assertThat(again.countDocuments()).isEqualTo(100);
        assertThat(again.find(new Document("_id", "f1")).first()).containsEntry("state", "ASKED");
        assertThat(again.find(new Document("_id", "f2")).first()).containsEntry("version", 2L).doesNotContainKey("tags");
        assertThat(again.find(new Document("_id", "f-new")).first()).containsEntry("version", 1L);
        assertThat(again.find(new Document("_id", "f3")).first()).isNull();
        assertThat(again.find(new Document("_id", "f7")).first().get("nested", Document.class)).containsEntry("n", 7);
        assertThat(second.db().listCollectionNames().into(new ArrayList<>())).containsExactly("fans");
        assertThat(again.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("_id_", "cas", "byFan");
        // The unique index was rebuilt from the documents: it still refuses a second {campaignId, fanId}.
        assertThatThrownBy(() -> again.insertOne(new Document("_id", "other").append("campaignId", "c").append("fanId", "u5")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        // ... and the deleted fan's key is free again.
        again.insertOne(new Document("_id", "f3b").append("campaignId", "c").append("fanId", "u3"));
    }

    @Test
    void uniqueIndexViolationsAreRefusedAndNothingIsWritten() throws IOException {
        Running running = start();
        open.add(running::stop);
        MongoCollection<Document> tickets = running.db().getCollection("tickets");
        tickets.createIndex(Indexes.ascending("campaignId", "fanId"), new IndexOptions().unique(true));
        tickets.insertOne(new Document("_id", "t1").append("campaignId", "c").append("fanId", "u1"));
        assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "t2").append("campaignId", "c").append("fanId", "u1")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "t1").append("campaignId", "c").append("fanId", "u9")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(tickets.countDocuments()).isEqualTo(1);
        running.stop();
        open.clear();
        Running again = start();
        open.add(again::stop);
        assertThat(again.db().getCollection("tickets").find().into(new ArrayList<>()))
                .containsExactly(new Document("_id", "t1").append("campaignId", "c").append("fanId", "u1"));
    }

    @Test
    void concurrentCompareAndSetUpdatesByIdAndVersionLoseNothingWhileCompactionsRun() throws Exception {
        Running running = start();
        MongoCollection<Document> counters = running.db().getCollection("counters");
        counters.createIndex(Indexes.ascending("_id", "v"), new IndexOptions().unique(true).name("cas"));
        int keys = 4;
        for (int k = 0; k < keys; k++) {
            counters.insertOne(new Document("_id", "k" + k).append("v", 0L).append("n", 0L));
        }
        int threads = 8;
        int perThread = 150;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> compactor = pool.submit(() -> {
                while (!done.get()) {
                    running.backend().compact();
                }
                return null;
            });
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = "k" + ((thread + i) % keys);
                        while (true) {
                            Document current = counters.find(new Document("_id", id)).first();
                            long v = current.getLong("v");
                            // The plain two-key document, as the services send it (FACTS.md).
                            long matched = counters.replaceOne(new Document("_id", id).append("v", v),
                                    new Document("_id", id).append("v", v + 1).append("n", current.getLong("n") + 1),
                                    new ReplaceOptions()).getMatchedCount();
                            if (matched == 1) {
                                break;
                            }
                            conflicts++;
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> w : workers) {
                w.get(2, TimeUnit.MINUTES);
            }
            done.set(true);
            compactor.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        long total = counters.find().into(new ArrayList<>()).stream().mapToLong(d -> d.getLong("n")).sum();
        assertThat(total).isEqualTo((long) threads * perThread);
        running.stop();

        Running again = start();
        open.add(again::stop);
        List<Document> after = again.db().getCollection("counters").find().into(new ArrayList<>());
        assertThat(after).hasSize(keys);
        assertThat(after).allSatisfy(d -> assertThat(d.getLong("v")).isEqualTo(d.getLong("n")));
        assertThat(after.stream().mapToLong(d -> d.getLong("n")).sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void aKilledServerKeepsWhatItsJournalHadWrittenAndDropsATornTail() throws Exception {
        // A real process, killed with SIGKILL: no shutdown hook, no close, whatever was in its buffers is gone.
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MongoMain.class.getName(), dir.toString(), "0", "127.0.0.1")
                .redirectErrorStream(true).start();
        try {
            int port = portFromLog(server);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
                MongoCollection<Document> c = client.getDatabase("crowdsurf").getCollection("replies");
                c.createIndex(Indexes.ascending("_id", "token"), new IndexOptions().unique(true));
                for (int i = 0; i < 500; i++) {
                    c.insertOne(new Document("_id", "r" + i).append("token", "t" + i));
                }
                c.updateOne(new Document("_id", "r0"), Updates.set("state", "SENT"));
            }
            // Wait (for the condition, not for a time) until the journal on disk holds the last write.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!journalHolds(dir, "crowdsurf.replies", 500, "SENT")) {
                assertThat(System.nanoTime()).as("the journal holds the writes within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        // A record torn by the kill: a length and half a body at the end of the newest journal.
        Path newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(p -> p.getFileName().toString().startsWith("journal-")).max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        Files.write(newest, new byte[] {0, 0, 0, 99, 1, 2, 3}, StandardOpenOption.APPEND);

        Running again = start();
        open.add(again::stop);
        MongoCollection<Document> replies = again.db().getCollection("replies");
        assertThat(replies.countDocuments()).isEqualTo(500);
        assertThat(replies.find(new Document("_id", "r0")).first()).containsEntry("state", "SENT");
        assertThatThrownBy(() -> replies.insertOne(new Document("_id", "r1").append("token", "x")))
                .isInstanceOf(MongoWriteException.class);
        replies.insertOne(new Document("_id", "r-after").append("token", "t"));
        again.stop();
        open.clear();
        Running third = start();
        open.add(third::stop);
        assertThat(third.db().getCollection("replies").countDocuments()).isEqualTo(501);
    }

    @Test
    void importsTheDataDirectoryOfTheFormerH2Backend() throws IOException {
        H2Backend h2 = new H2Backend(dir.resolve("crowdsurf.mv").toString());
        MongoServer old = new MongoServer(h2);
        InetSocketAddress address = old.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> pools = client.getDatabase("crowdsurf").getCollection("pools");
            pools.createIndex(Indexes.ascending("campaignId", "name"), new IndexOptions().unique(true));
            pools.insertOne(new Document("_id", "p1").append("campaignId", "c").append("name", "front").append("remaining", 5));
            pools.insertOne(new Document("_id", "p2").append("campaignId", "c").append("name", "back").append("remaining", 0));
        } finally {
            old.shutdown();
            h2.close();
        }

        Running running = start();
        open.add(running::stop);
        MongoCollection<Document> pools = running.db().getCollection("pools");
        assertThat(pools.find(new Document("_id", "p1")).first()).containsEntry("remaining", 5);
        assertThat(pools.countDocuments()).isEqualTo(2);
        assertThatThrownBy(() -> pools.insertOne(new Document("_id", "p3").append("campaignId", "c").append("name", "back")))
                .isInstanceOf(MongoWriteException.class);
        assertThat(dir.resolve("crowdsurf.mv")).doesNotExist();
        assertThat(dir.resolve("crowdsurf.mv.imported")).exists();
    }

    private static int portFromLog(Process server) throws IOException {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
        java.util.regex.Pattern bound = java.util.regex.Pattern.compile("mongodb://127\\.0\\.0\\.1:(\\d+)");
        String line;
        while ((line = reader.readLine()) != null) {
            var m = bound.matcher(line);
            if (m.find()) {
                // Keep draining the child's output so it never blocks on a full pipe.
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the server exited before it listened");
    }

    /** Reads the directory the way a restart would (the server only appends meanwhile) and looks for the state. */
    private static boolean journalHolds(Path dir, String ns, int documents, String marker) throws IOException {
        Journal.Recovered state = Journal.recover(dir);
        var docs = state.namespaces().get(ns);
        if (docs == null || docs.size() < documents) {
            return false;
        }
        return docs.values().stream().anyMatch(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker));
    }
}
