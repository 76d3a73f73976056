package io.crowdsurf.metrics.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiteRulesTest {

    private final Site site = new Site("1", "S", List.of(), "Europe/Amsterdam", List.of(
            new SectionRule("/blog/", null, "Blog"),
            new SectionRule(null, "/shop/*/checkout", "Checkout"),
            new SectionRule(null, "/shop/**", "Shop"),
            new SectionRule(null, "/*.pdf", "Root PDFs")), null, null, null, null, null, 1);

    @Test
    void firstMatchingRuleNamesTheSection() {
        assertThat(site.sectionOf("https://a.example/blog/2026/x?y=1")).isEqualTo("Blog");
        assertThat(site.sectionOf("https://a.example/BLOG/x")).as("case-insensitive").isEqualTo("Blog");
        assertThat(site.sectionOf("https://a.example/shop/eu/checkout")).isEqualTo("Checkout");
        assertThat(site.sectionOf("https://a.example/shop/eu/de/checkout")).isEqualTo("Shop");
        assertThat(site.sectionOf("/shop")).isNull();
        assertThat(site.sectionOf("https://a.example/a.pdf")).isEqualTo("Root PDFs");
        assertThat(site.sectionOf("https://a.example/x/a.pdf")).isNull();
        assertThat(site.sectionOf("https://a.example")).isNull();
        assertThat(site.sectionOf(null)).isNull();
    }

    @Test
    void globsAreLiteralOtherwise() {
        assertThat(new SectionRule(null, "/a.(b)+[c]", "S").matches("/a.(b)+[c]")).isTrue();
        assertThat(new SectionRule(null, "/a.(b)+[c]", "S").matches("/aX(b)+[c]")).isFalse();
    }

    @Test
    void defaultsAndZone() {
        Site bare = new Site("2", "B", null, null, null, null, null, null, null, null, 0);
        assertThat(bare.zone().getId()).isEqualTo("UTC");
        assertThat(bare.sections()).isEmpty();
    }

    @Test
    void ipRanges() {
        assertThat(IpRanges.contains("10.0.0.0/8", IpRanges.parse("10.1.2.3"))).isTrue();
        assertThat(IpRanges.contains("10.0.0.0/8", IpRanges.parse("11.1.2.3"))).isFalse();
        assertThat(IpRanges.contains("2001:db8::/32", IpRanges.parse("2001:db8::1"))).isTrue();
        assertThat(IpRanges.contains("192.0.2.7", IpRanges.parse("192.0.2.7"))).isTrue();
        assertThat(IpRanges.validRule("10.0.0.0/33")).isFalse();
        assertThat(IpRanges.parse("example.com")).as("never a DNS lookup").isNull();
        assertThat(IpRanges.parse("999.1.1.1")).isNull();
    }
}
