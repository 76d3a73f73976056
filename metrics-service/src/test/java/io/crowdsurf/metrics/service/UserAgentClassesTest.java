package io.crowdsurf.metrics.service;

import org.junit.jupiter.api.Test;

import io.crowdsurf.metrics.domain.UserAgentInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Yauaa's classes mapped to ours (the parsing itself is the library's, exercised in the @QuarkusTests). */
class UserAgentClassesTest {

    @Test
    void deviceClasses() {
        assertThat(UserAgents.classify("Phone", "Safari", "Browser", "iOS"))
                .isEqualTo(new UserAgentInfo("smartphone", "Safari", "iOS", false));
        assertThat(UserAgents.classify("Tablet", "Chrome", "Browser", "Android").deviceType()).isEqualTo("tablet");
        assertThat(UserAgents.classify("Desktop", "Firefox", "Browser", "Linux").deviceType()).isEqualTo("desktop");
        assertThat(UserAgents.classify("TV", "SamsungBrowser", "Browser", "Tizen").deviceType()).isEqualTo("tv");
        assertThat(UserAgents.classify("Game Console", "X", "Browser", "PS5 OS").deviceType()).isEqualTo("console");
        assertThat(UserAgents.classify("Unknown", "Unknown", "Unknown", "Unknown"))
                .isEqualTo(new UserAgentInfo("unknown", null, null, false));
    }

    @Test
    void robotsSpiesAndHackersAreBots() {
        assertThat(UserAgents.classify("Robot", "Googlebot", "Robot", "Google Cloud").bot()).isTrue();
        assertThat(UserAgents.classify("Robot Mobile", "Googlebot", "Robot Mobile", "Android").deviceType()).isEqualTo("bot");
        assertThat(UserAgents.classify("Desktop", "X", "Robot Imitator", "Windows").bot()).isTrue();
        assertThat(UserAgents.classify("Hacker", "Hacker", "Hacker", "Hacker").bot()).isTrue();
        assertThat(UserAgents.classify("Desktop", "Chrome", "Browser", "Windows NT").bot()).isFalse();
    }
}
