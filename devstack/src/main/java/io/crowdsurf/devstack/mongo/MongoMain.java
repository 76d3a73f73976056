package io.crowdsurf.devstack.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

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

    private MongoMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".devstack/mongo");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        String host = args.length > 2 ? args[2] : "localhost";
        Files.createDirectories(dir);
        Path file = dir.resolve("crowdsurf.mv");
        H2Backend backend = new H2Backend(file.toString());
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
