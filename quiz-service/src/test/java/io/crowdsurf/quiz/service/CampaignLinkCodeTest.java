package io.crowdsurf.quiz.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Short-link codes: the same campaign, pool and URL always give the same code; anything else another. */
class CampaignLinkCodeTest {

    @Test
    void codesAreDeterministicPerSeedPoolAndUrlAndValidForTheLinksApi() {
        String a = CampaignLinks.code("seed-1", "ams", "https://dj.example/ams");
        assertThat(a).isEqualTo(CampaignLinks.code("seed-1", "ams", "https://dj.example/ams"))
                .hasSize(16).matches("[A-Za-z0-9_-]{4,64}");
        assertThat(CampaignLinks.code("seed-2", "ams", "https://dj.example/ams")).isNotEqualTo(a);
        assertThat(CampaignLinks.code("seed-1", "nyc", "https://dj.example/ams")).isNotEqualTo(a);
        assertThat(CampaignLinks.code("seed-1", "ams", "https://dj.example/nyc")).isNotEqualTo(a);
    }
}
