package io.crowdsurf.devstack.dispatch;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where each Knative Service of the design runs on this machine. Knative resolves a Service ref through
 * its cluster DNS; locally we map names to base URLs: the fixed ports by default, overridden from the
 * environment ({@code CROWDSURF_SUBSCRIBER_QUIZ_SERVICE=http://...}) or the command line
 * ({@code --subscriber quiz-service=http://...}).
 */
public final class SubscriberTable {

    /**
     * The ports of the design's local layout. {@code bot-gateway-replies} is bot-gateway's reply role (the reply
     * Trigger's subscriber): the same process as {@code bot-gateway} unless it runs split
     * ({@code CROWDSURF_GATEWAY_SPLIT=1}: {@code :8085}).
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            "bot-gateway", "http://localhost:8081",
            "bot-gateway-replies", "http://localhost:8081",
            "quiz-service", "http://localhost:8082",
            "alert-service", "http://localhost:8083",
            "metrics-service", "http://localhost:8084");

    static final String ENV_PREFIX = "CROWDSURF_SUBSCRIBER_";

    private final Map<String, String> baseUrls;

    public SubscriberTable(Map<String, String> baseUrls) {
        this.baseUrls = Map.copyOf(baseUrls);
    }

    /**
     * Defaults, then environment overrides for any name in {@code names}, then {@code overrides}.
     *
     * @param env environment lookup (injectable so tests need no real variables)
     */
    public static SubscriberTable of(Iterable<String> names, UnaryOperator<String> env, Map<String, String> overrides) {
        Map<String, String> table = new HashMap<>(DEFAULTS);
        for (String name : names) {
            String fromEnv = env.apply(envName(name));
            if (fromEnv != null && !fromEnv.isBlank()) {
                table.put(name, fromEnv.trim());
            }
        }
        table.putAll(overrides);
        return new SubscriberTable(table);
    }

    static String envName(String service) {
        return ENV_PREFIX + service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** @throws IllegalArgumentException for a Service nobody said where to find */
    public String baseUrl(String service) {
        String url = baseUrls.get(service);
        if (url == null) {
            throw new IllegalArgumentException("no URL for Service '" + service + "': pass --subscriber " + service
                    + "=http://host:port or set " + envName(service));
        }
        return url;
    }

    public Map<String, String> asMap() {
        return baseUrls;
    }
}
