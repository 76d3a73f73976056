package io.crowdsurf.metrics.service;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.UserAgentInfo;
import io.quarkus.runtime.StartupEvent;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Device type, browser, OS and robot detection with Yauaa (nl.basjes.parse.useragent), a maintained rule set
 * that also knows crawlers, monitors and scanners. Only the four fields used are computed ({@code withFields}),
 * tests in the rule files are dropped, and results are kept in Yauaa's own LRU cache
 * ({@code metrics.user-agent-cache-size}). Loading the rules takes seconds and about a hundred MiB of heap (figures in
 * metrics-service/README.md), so it runs on a background thread at start-up while the service already answers;
 * a hit that arrives before it finished waits for it.
 */
@ApplicationScoped
public class UserAgents implements Function<String, UserAgentInfo> {

    private static final Logger LOG = Logger.getLogger(UserAgents.class);
    static final String DEVICE_CLASS = "DeviceClass";
    static final String AGENT_NAME = "AgentName";
    static final String AGENT_CLASS = "AgentClass";
    static final String OS_NAME = "OperatingSystemName";
    /** Yauaa's device and agent classes of robots, crawlers, scanners and attack tools. */
    static final Set<String> ROBOT_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker");

    private final MetricsConfig config;
    private final CompletableFuture<UserAgentAnalyzer> analyzer = new CompletableFuture<>();
    private volatile boolean loading;
    /**
     * Our classification per user agent, in front of Yauaa's own cache: real traffic has few distinct agents, and a
     * plain map lookup is far cheaper than Yauaa's cache plus mapping its fields again for every hit.
     */
    private final ConcurrentHashMap<String, UserAgentInfo> classified = new ConcurrentHashMap<>();

    public UserAgents(MetricsConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.userAgentPreload()) {
            load();
        }
    }

    private synchronized void load() {
        if (loading) {
            return;
        }
        loading = true;
        Thread.ofPlatform().name("yauaa-load").daemon().start(() -> {
            long start = System.nanoTime();
            try {
                analyzer.complete(UserAgentAnalyzer.newBuilder()
                        .hideMatcherLoadStats()
                        .dropTests()
                        .withCache(config.userAgentCacheSize())
                        .withFields(DEVICE_CLASS, AGENT_NAME, AGENT_CLASS, OS_NAME)
                        .immediateInitialization()
                        .build());
                LOG.infof("user-agent rules loaded in %d ms", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException | Error e) {
                analyzer.completeExceptionally(e);
                LOG.error("cannot load the user-agent rules", e);
            }
        });
    }

    /** Whether the rules are loaded (hits are then parsed without waiting). */
    public boolean ready() {
        return analyzer.isDone() && !analyzer.isCompletedExceptionally();
    }

    @Override
    public UserAgentInfo apply(String userAgent) {
        UserAgentInfo known = classified.get(userAgent);
        if (known != null) {
            return known;
        }
        UserAgentInfo info = parse(userAgent);
        if (analyzer.isDone()) {
            if (classified.size() >= config.userAgentCacheSize()) {
                // Bounded without bookkeeping per hit: a flood of distinct agents starts the map over.
                classified.clear();
            }
            classified.put(userAgent, info);
        }
        return info;
    }

    private UserAgentInfo parse(String userAgent) {
        if (!analyzer.isDone()) {
            load();
        }
        UserAgent ua;
        try {
            ua = analyzer.get().parse(userAgent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UserAgentInfo.UNKNOWN;
        } catch (ExecutionException e) {
            return UserAgentInfo.UNKNOWN;
        }
        return classify(ua.getValue(DEVICE_CLASS), ua.getValue(AGENT_NAME), ua.getValue(AGENT_CLASS),
                ua.getValue(OS_NAME));
    }

    /** Yauaa's values to ours; pure, unit-tested. */
    static UserAgentInfo classify(String deviceClass, String agentName, String agentClass, String os) {
        boolean bot = ROBOT_CLASSES.contains(deviceClass) || ROBOT_CLASSES.contains(agentClass);
        String type = bot ? "bot" : switch (deviceClass == null ? "" : deviceClass) {
            case "Desktop" -> "desktop";
            case "Phone", "Mobile" -> "smartphone";
            case "Tablet", "eReader" -> "tablet";
            case "TV", "Set-top box" -> "tv";
            case "Game Console", "Handheld Game Console" -> "console";
            case "Watch", "Virtual Reality", "Augmented Reality" -> "wearable";
            case "Car" -> "car";
            case "Home Appliance" -> "peripheral";
            default -> "unknown";
        };
        return new UserAgentInfo(type, known(agentName), known(os), bot);
    }

    private static String known(String value) {
        if (value == null || value.isBlank() || value.startsWith("Unknown") || value.startsWith("??")) {
            return null;
        }
        return value;
    }
}
