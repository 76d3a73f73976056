package io.crowdsurf.bench;

import java.net.URI;

import io.crowdsurf.events.Topics;

/**
 * Where the local stack ({@code ./crowdsurf up}) is and its secrets; every value can be overridden by an option
 * or by the same environment variable the services read.
 */
public record Stack(URI gateway, URI quiz, String appSecret, String adminToken, String pageId, String kafka,
        String topic, int stubPort, int mongoPort, int repliesPort) {

    /**
     * The defaults follow {@code CROWDSURF_PORT_OFFSET} (or {@code --port-offset}) as {@code ./crowdsurf up} does:
     * gateway 8081, quiz 8082, Kafka 9092, MongoDB 27017, the split gateway's reply process 8085 and the Send API
     * stub 18088, each plus the offset (so two checkouts' benches do not share a stub port either).
     */
    public static Stack from(Options o) {
        int offset = o.integer("port-offset", Integer.parseInt(env("CROWDSURF_PORT_OFFSET", "0")));
        return new Stack(
                URI.create(o.string("gateway", "http://127.0.0.1:" + (8081 + offset))),
                URI.create(o.string("quiz", "http://127.0.0.1:" + (8082 + offset))),
                o.string("secret", env("MESSENGER_APP_SECRET", "dev-messenger-secret")),
                o.string("admin-token", env("CROWDSURF_ADMIN_TOKEN", "dev-admin-token")),
                o.string("page-id", "100200300400500"),
                o.string("kafka", env("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + (9092 + offset))),
                o.string("topic", Topics.EVENTS),
                o.integer("stub-port", 18088 + offset),
                o.integer("mongo-port", 27017 + offset),
                o.integer("replies-port", 8085 + offset));
    }

    public URI webhook() {
        return gateway.resolve("/webhooks/messenger");
    }

    /** What {@code MESSENGER_GRAPH_URL} must be for bot-gateway's replies to reach the stub. */
    public String graphUrl() {
        return "http://localhost:" + stubPort;
    }

    /** The stack's processes by the ports they listen on, for the CPU table and the profiler. */
    public java.util.Map<Integer, String> portRoles() {
        java.util.Map<Integer, String> m = new java.util.LinkedHashMap<>();
        m.put(gateway.getPort(), "bot-gateway");
        // Only when bot-gateway runs split (CROWDSURF_GATEWAY_SPLIT=1); nothing listens there otherwise.
        m.put(repliesPort, "bot-gateway-replies");
        m.put(quiz.getPort(), "quiz-service");
        String k = kafka.split(",")[0];
        m.put(Integer.parseInt(k.substring(k.lastIndexOf(':') + 1)), "Kafka broker");
        m.put(mongoPort, "MongoDB-wire");
        return m;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
