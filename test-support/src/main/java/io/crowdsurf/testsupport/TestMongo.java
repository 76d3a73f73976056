package io.crowdsurf.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-wire server (mongo-java-server, memory backend) shared by every test in one JVM.
 * Real driver, real socket; it keeps its port across {@link #stop()} / {@link #start()}.
 */
public final class TestMongo {

    private static MongoServer server;
    private static int port;

    private TestMongo() {
    }

    public static synchronized String connectionString() {
        if (server == null) {
            start();
        }
        return "mongodb://localhost:" + port;
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        if (port == 0) {
            port = FreePorts.next();
        }
        server = new MongoServer(new MemoryBackend());
        server.bind("localhost", port);
        Runtime.getRuntime().addShutdownHook(new Thread(TestMongo::stop));
    }

    /** Stops the server. The memory backend loses its data, as a crashed unreplicated node would. */
    public static synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}
