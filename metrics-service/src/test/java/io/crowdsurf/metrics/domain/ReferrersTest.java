package io.crowdsurf.metrics.domain;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReferrersTest {

    private static final Set<String> SITE = Set.of("shop.example");

    @Test
    void noReferrerOrOwnHostIsDirect() {
        assertThat(Referrers.classify("https://shop.example/", null, null, SITE)).isEqualTo(new Referrer("direct", null));
        assertThat(Referrers.classify("https://shop.example/", "https://www.shop.example/a", null, SITE).type())
                .isEqualTo("direct");
        assertThat(Referrers.classify("https://other.example/", "https://other.example/x", null, SITE).type())
                .as("same host as the page").isEqualTo("direct");
    }

    @Test
    void searchEnginesByName() {
        assertThat(Referrers.classify(null, "https://www.google.co.uk/search?q=x", null, SITE))
                .isEqualTo(new Referrer("search", "Google"));
        assertThat(Referrers.classify(null, "https://duckduckgo.com/?q=x", null, SITE).name()).isEqualTo("DuckDuckGo");
        assertThat(Referrers.classify(null, "https://cn.bing.com/search?q=x", null, SITE).name()).isEqualTo("Bing");
        assertThat(Referrers.classify(null, "https://search.yahoo.co.jp/search", null, SITE).name()).isEqualTo("Yahoo! Japan");
    }

    @Test
    void otherHostsAreWebsites() {
        assertThat(Referrers.classify(null, "https://www.news.example.net:8443/a?b", null, SITE))
                .isEqualTo(new Referrer("website", "news.example.net"));
        assertThat(Referrers.classify(null, "https://googleusercontent.com.evil.example/", null, SITE).type())
                .isEqualTo("website");
        assertThat(Referrers.classify(null, "https://mygoogle.com/", null, SITE).type()).isEqualTo("website");
    }

    @Test
    void campaignsFromMatomoPiwikAndUtmParametersOrRcnWin() {
        assertThat(Referrers.classify("https://shop.example/?mtm_campaign=Spring", "https://www.google.com/", null, SITE))
                .isEqualTo(new Referrer("campaign", "spring"));
        assertThat(Referrers.classify("https://shop.example/?pk_campaign=Old", null, null, SITE).name()).isEqualTo("old");
        assertThat(Referrers.classify("https://shop.example/?utm_source=x&utm_campaign=News+Letter", null, null, SITE)
                .name()).isEqualTo("news letter");
        assertThat(Referrers.classify("https://shop.example/", null, "FromTracker", SITE).name()).isEqualTo("fromtracker");
    }

    @Test
    void hostOfIsTolerant() {
        assertThat(Referrers.hostOf("https://user:pw@Example.COM.:80/x")).isEqualTo("example.com");
        assertThat(Referrers.hostOf("not a url")).isNull();
        assertThat(Referrers.hostOf("https://[::1]:8080/")).isEqualTo("[::1]");
    }
}
