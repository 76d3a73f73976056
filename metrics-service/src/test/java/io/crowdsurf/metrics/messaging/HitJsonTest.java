package io.crowdsurf.metrics.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

/** The streaming writer must give exactly the bytes of the reflective serializer every consumer reads. */
class HitJsonTest {

    @Test
    void everyFieldSetGivesTheBytesOfEventJson() {
        HitTracked full = new HitTracked("0123456789abcdef0123456789abcdef", "site-1", Instant.parse("2026-12-02T00:15:30.120Z"),
                "00000000000000aa", "user \"7\"", HitKind.CONTENT_INTERACTION, "https://dj.example/blog/tour?a=1&b=ü",
                "Tour — 2027 🎉", "Blog", "https://dj.example/t", "https://www.google.com/", "search", "Google",
                "Video", "Play", "Teaser", 3.25, "Banner", "tour.png", "click", "mixes", "smartphone", "Safari", "iOS",
                true, "1920x1080", "en-us", true, 3, Instant.parse("2026-12-01T00:00:00Z"));

        assertSameBytes(full);
        assertThat(EventJson.read(HitJson.write(full, new HitJson.InstantText()), HitTracked.class)).isEqualTo(full);
    }

    @Test
    void absentFieldsAreLeftOutAsEventJsonDoes() {
        HitTracked sparse = new HitTracked("id", "1", Instant.ofEpochSecond(1_700_000_000L, 123_456_789), "v", null,
                HitKind.PAGEVIEW, null, null, null, null, null, "direct", null, null, null, null, null, null, null, null,
                null, "unknown", null, null, false, null, null, false, null, null);
        assertSameBytes(sparse);
        HitTracked whole = new HitTracked("id", "1", Instant.ofEpochSecond(1_700_000_000L), "v", null, HitKind.EVENT,
                null, null, null, null, null, "direct", null, "c", "a", null, 1e21, null, null, null, null, "bot", null,
                null, true, null, null, false, 0, null);
        assertSameBytes(whole);
    }

    @Test
    void theInstantCacheFollowsTheInstant() {
        HitJson.InstantText cache = new HitJson.InstantText();
        Instant a = Instant.parse("2026-12-02T00:00:00Z");
        Instant b = Instant.parse("2026-12-02T00:00:00.001Z");
        assertThat(cache.text(a)).isEqualTo("2026-12-02T00:00:00Z");
        assertThat(cache.text(b)).isEqualTo("2026-12-02T00:00:00.001Z");
        assertThat(cache.text(a)).isEqualTo("2026-12-02T00:00:00Z");
    }

    private static void assertSameBytes(HitTracked hit) {
        assertThat(new String(HitJson.write(hit, new HitJson.InstantText()), StandardCharsets.UTF_8))
                .isEqualTo(new String(EventJson.write(hit), StandardCharsets.UTF_8));
        assertThat(new String(HitJson.write(hit, null), StandardCharsets.UTF_8))
                .isEqualTo(new String(EventJson.write(hit), StandardCharsets.UTF_8));
    }
}
