package io.crowdsurf.metrics.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code /stats} chat command ({@code METRICS_STATS_*}). */
@ConfigMapping(prefix = "metrics.stats")
public interface StatsConfig {

    /**
     * Workspaces whose commands are answered: Slack team ids, Messenger page ids, Telegram bot ids, web chat sites
     * (the event's {@code botId}); {@code *} for all. The default {@code none} answers nobody.
     */
    @WithDefault("none")
    List<String> allowedWorkspaces();

    /** Users (the platform's user ids) whose commands are answered, within the allowed workspaces; {@code *} all. */
    @WithDefault("*")
    List<String> allowedUsers();

    /** How many referral codes {@code /stats members} lists. */
    @WithDefault("5")
    int topReferrals();

    /** Default site of {@code /stats traffic} when none is named. */
    @WithDefault("1")
    String defaultSite();
}
