package io.crowdsurf.metrics.domain;

/**
 * What the user-agent parser found.
 *
 * @param deviceType one of {@code desktop, smartphone, tablet, tv, console, wearable, car, peripheral, bot, unknown}
 * @param browser    browser (agent) name, or null when unknown
 * @param os         operating system name, or null when unknown
 * @param bot        a crawler, monitor, scanner or other robot (excluded from reports by default)
 */
public record UserAgentInfo(String deviceType, String browser, String os, boolean bot) {

    public static final UserAgentInfo UNKNOWN = new UserAgentInfo("unknown", null, null, false);
}
