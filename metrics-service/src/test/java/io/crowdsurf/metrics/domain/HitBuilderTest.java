package io.crowdsurf.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

import static org.assertj.core.api.Assertions.assertThat;

/** Matomo's tracking parameters, read as its reference documents them. */
class HitBuilderTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Site SITE = new Site("1", "Shop", List.of("https://shop.example"), "UTC",
            List.of(new SectionRule("/blog/", null, "Blog")), List.of("10.0.0.0/8"), List.of("sessid"),
            List.of("BadBot"), NOW, NOW, 1);
    static final Function<String, Optional<Site>> SITES = id -> id.equals("1") ? Optional.of(SITE) : Optional.empty();

    private final HitBuilder builder = new HitBuilder(ua -> new UserAgentInfo("desktop", "Firefox", "Linux", false),
            Duration.ofHours(24));

    private Outcome build(String query) {
        return build(query, false);
    }

    private Outcome build(String query, boolean authenticated) {
        return builder.build(new TrackingInput(QueryStrings.parse(query), "203.0.113.5", "Mozilla/5.0", "de-DE,de",
                NOW, authenticated), SITES);
    }

    private HitTracked hit(String query) {
        Outcome o = build(query);
        assertThat(o).isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) o).hit();
    }

    @Test
    void recAndIdsiteAreRequired() {
        assertThat(build("idsite=1")).isInstanceOf(Outcome.Ignored.class);
        assertThat(build("idsite=1&rec=0")).isInstanceOf(Outcome.Ignored.class);
        assertThat(build("rec=1")).isEqualTo(new Outcome.Invalid("idsite", "idsite is required"));
        assertThat(build("rec=1&idsite=2")).isInstanceOf(Outcome.Invalid.class);
        assertThat(build("rec=1&idsite=../../x")).isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void pageViewFields() {
        HitTracked h = hit("idsite=1&rec=1&url=https%3A%2F%2Fshop.example%2Fblog%2Fa%3Fsessid%3D9%26x%3D1&action_name=A"
                + "&_id=ABCDEF0123456789&uid=user-7&res=1920x1080&_idvc=2&_viewts=1764500000&new_visit=1");
        assertThat(h.kind()).isEqualTo(HitKind.PAGEVIEW);
        assertThat(h.url()).as("excluded parameter removed").isEqualTo("https://shop.example/blog/a?x=1");
        assertThat(h.section()).isEqualTo("Blog");
        assertThat(h.visitorId()).isEqualTo("abcdef0123456789");
        assertThat(h.userId()).isEqualTo("user-7");
        assertThat(h.resolution()).isEqualTo("1920x1080");
        assertThat(h.language()).as("from Accept-Language").isEqualTo("de-de");
        assertThat(h.visitCount()).isEqualTo(2);
        assertThat(h.previousVisitAt()).isEqualTo(Instant.ofEpochSecond(1764500000));
        assertThat(h.newVisit()).isTrue();
        assertThat(h.time()).isEqualTo(NOW);
        assertThat(h.deviceType()).isEqualTo("desktop");
        assertThat(h.referrerType()).isEqualTo("direct");
    }

    @Test
    void visitorIdPrecedence() {
        assertThat(hit("idsite=1&rec=1&cid=1111111111111111&_id=2222222222222222").visitorId()).isEqualTo("1111111111111111");
        assertThat(hit("idsite=1&rec=1&_id=2222222222222222&uid=u").visitorId()).isEqualTo("2222222222222222");
        // Matomo: the first 16 hex characters of SHA-1(uid). SHA-1("u") = 51e69892ab49df85c6230ccc57f8e1d1606caccc
        assertThat(hit("idsite=1&rec=1&uid=u").visitorId()).isEqualTo("51e69892ab49df85");
        String anon = hit("idsite=1&rec=1").visitorId();
        assertThat(anon).matches("[0-9a-f]{16}").isEqualTo(hit("idsite=1&rec=1&url=https%3A%2F%2Fx.example%2F").visitorId());
        assertThat(hit("idsite=1&rec=1&_id=AA814767-7B1F-5C81-8F1D-8E47AD7D2982").visitorId())
                .as("a UUID _id, as some SDKs send, still identifies its visitor").matches("[0-9a-f]{16}")
                .isEqualTo(hit("idsite=1&rec=1&_id=AA814767-7B1F-5C81-8F1D-8E47AD7D2982&r=2").visitorId());
    }

    @Test
    void kindsInMatomosOrder() {
        assertThat(hit("idsite=1&rec=1&download=https%3A%2F%2Fa%2Fb.zip&e_c=c&e_a=a").kind()).isEqualTo(HitKind.DOWNLOAD);
        assertThat(hit("idsite=1&rec=1&link=https%3A%2F%2Fa%2F").target()).isEqualTo("https://a/");
        assertThat(hit("idsite=1&rec=1&e_c=c&e_a=a&c_n=n").kind()).isEqualTo(HitKind.EVENT);
        assertThat(hit("idsite=1&rec=1&c_n=n&search=s").kind()).isEqualTo(HitKind.CONTENT_IMPRESSION);
        assertThat(hit("idsite=1&rec=1&c_n=n&c_i=click").kind()).isEqualTo(HitKind.CONTENT_INTERACTION);
        assertThat(hit("idsite=1&rec=1&search=s&ping=1").kind()).isEqualTo(HitKind.SEARCH);
        assertThat(hit("idsite=1&rec=1&ping=1").kind()).isEqualTo(HitKind.PING);
        assertThat(build("idsite=1&rec=1&e_c=c")).isEqualTo(new Outcome.Invalid("e_a",
                "an event needs both e_c (category) and e_a (action)"));
    }

    @Test
    void cdtFormatsAndTheTwentyFourHourRule() {
        assertThat(hit("idsite=1&rec=1&cdt=1796126400").time()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(hit("idsite=1&rec=1&cdt=2026-12-01+11%3A00%3A00").time()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(hit("idsite=1&rec=1&cdt=2026-12-01T10%3A30%3A00.5Z").time()).isEqualTo(Instant.parse("2026-12-01T10:30:00.5Z"));
        assertThat(hit("idsite=1&rec=1&cdt=1796125800000").time()).as("milliseconds").isEqualTo(Instant.ofEpochMilli(1796125800000L));
        assertThat(hit("idsite=1&rec=1&cdt=garbage").time()).isEqualTo(NOW);
        assertThat(hit("idsite=1&rec=1&cdt=1896126400").time()).as("far future ignored").isEqualTo(NOW);
        assertThat(build("idsite=1&rec=1&cdt=2026-11-01+00%3A00%3A00")).isInstanceOf(Outcome.Invalid.class);
        assertThat(build("idsite=1&rec=1&cdt=2026-11-01+00%3A00%3A00", true)).isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void cipOnlyWithTokenAndExclusions() {
        assertThat(build("idsite=1&rec=1&cip=10.1.1.1")).as("cip ignored without token").isInstanceOf(Outcome.Accepted.class);
        assertThat(build("idsite=1&rec=1&cip=10.1.1.1", true)).isInstanceOf(Outcome.Excluded.class);
        assertThat(build("idsite=1&rec=1&ua=Some+BadBot%2F1")).isInstanceOf(Outcome.Excluded.class);
    }

    @Test
    void hitIdsAreDeterministic() {
        String q = "idsite=1&rec=1&_id=2222222222222222&url=https%3A%2F%2Fa%2F";
        Map<String, String> a = QueryStrings.parse(q + "&r=1");
        Map<String, String> withToken = new HashMap<>(a);
        withToken.put("token_auth", "secret");
        String id = HitBuilder.hitId("1", "2222222222222222", a, null, NOW);
        assertThat(id).hasSize(32).isEqualTo(HitBuilder.hitId("1", "2222222222222222", a, null, NOW.plusSeconds(3600)));
        assertThat(HitBuilder.hitId("1", "2222222222222222", withToken, null, NOW)).isEqualTo(id);
        assertThat(HitBuilder.hitId("1", "2222222222222222", QueryStrings.parse(q + "&r=2"), null, NOW)).isNotEqualTo(id);
        Map<String, String> noBuster = QueryStrings.parse(q);
        assertThat(HitBuilder.hitId("1", "x", noBuster, null, NOW))
                .isEqualTo(HitBuilder.hitId("1", "x", noBuster, null, NOW.plusSeconds(20)))
                .isNotEqualTo(HitBuilder.hitId("1", "x", noBuster, null, NOW.plusSeconds(120)));
        assertThat(HitBuilder.hitId("1", "x", noBuster, NOW, NOW)).isNotEqualTo(HitBuilder.hitId("1", "x", noBuster, NOW.minusSeconds(1), NOW));
    }

    @Test
    void valuesAreBoundedAndBadOnesIgnored() {
        HitTracked h = hit("idsite=1&rec=1&action_name=" + "x".repeat(300) + "&e_c=c&e_a=a&e_v=NaN&res=1x&lang=%3Cscript%3E"
                + "&url=javascript");
        assertThat(h.pageTitle()).hasSize(255);
        assertThat(h.eventValue()).isNull();
        assertThat(h.resolution()).isNull();
        assertThat(h.language()).isNull();
        assertThat(h.url()).isNull();
    }
}
