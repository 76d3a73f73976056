package io.crowdsurf.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus service under test a real Kafka broker and a MongoDB-wire server, no Docker.
 * Use with {@code @QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)}.
 * Both servers live for the whole JVM; tests isolate themselves by using fresh ids, not fresh servers.
 */
public class CrowdsurfInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
                "quarkus.mongodb.connection-string", TestMongo.connectionString(),
                // Readiness must fail fast in tests instead of hanging 30 s on a stopped server.
                "quarkus.mongodb.server-selection-timeout", "2s",
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared for the JVM; shutdown hooks stop them.
    }
}
