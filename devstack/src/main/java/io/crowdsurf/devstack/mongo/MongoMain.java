package io.crowdsurf.devstack.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The devstack's MongoDB-wire server: mongo-java-server with {@link JournaledBackend} (in memory, every change
 * journaled to {@code dataDir}), so data survives {@code ./crowdsurf down} / {@code up}. A real {@code mongod}
 * cannot be installed on our machines; production uses real MongoDB, and the services are written to need only
 * what this server supports (single-document atomic updates, unique indexes).
 * <p>{@code java -cp ... io.crowdsurf.devstack.mongo.MongoMain [dataDir] [port] [host]};
 * {@code CROWDSURF_MONGO_BACKEND=h2} runs the stock H2 file backend instead ({@code dataDir/crowdsurf.mv}), for
 * comparisons.
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
        AbstractMongoBackend backend = backend(System.getenv().getOrDefault("CROWDSURF_MONGO_BACKEND", "journal"), dir);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        LOG.info("MongoDB-wire server on mongodb://{}:{} ({})", host, server.getLocalAddress().getPort(), backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // A clean shutdown writes and forces the rest of the journal; kill -9 loses at most its last 100 ms.
            server.shutdown();
            backend.close();
            LOG.info("MongoDB-wire server stopped");
            stopped.countDown();
        }, "mongo-shutdown"));
        stopped.await();
    }

    /** The backend {@code MongoMain} runs for {@code CROWDSURF_MONGO_BACKEND=name} (the bench builds the same). */
    public static AbstractMongoBackend backend(String name, Path dir) throws IOException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "journal" -> new JournaledBackend(dir);
            case "h2" -> new H2Backend(dir.resolve("crowdsurf.mv").toString());
            default -> throw new IllegalArgumentException("CROWDSURF_MONGO_BACKEND must be journal or h2, not " + name);
        };
    }
}
