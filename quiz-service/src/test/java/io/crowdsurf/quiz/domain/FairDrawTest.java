package io.crowdsurf.quiz;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FairDrawTest {

    @Test
    void sameSeedAndFanGiveTheSameValue() {
        String seed = FairDraw.newSeed();
        assertThat(seed).hasSize(64);
        assertThat(FairDraw.value(seed, "messenger:page:42")).isEqualTo(FairDraw.value(seed, "messenger:page:42"));
        assertThat(FairDraw.value(seed, "messenger:page:42")).isNotEqualTo(FairDraw.value(seed, "messenger:page:43"));
        assertThat(FairDraw.value(FairDraw.newSeed(), "x")).isBetween(0.0, 1.0);
    }

    @Test
    void knownVectorForAuditors() {
        // HMAC-SHA256(key "seed", message "fan") starts c78ec38f9c69db40; >>> 11, / 2^53 (also in the README).
        assertThat(FairDraw.value("seed", "fan")).isEqualTo(0.7795221543896454);
        assertThat(FairDraw.commitment("seed")).isEqualTo("19b25856e1c150ca834cffc8b59b23adbd0ec0389e58eb22b3b64768098d002b");
    }

    @Test
    void selectionRateMatchesTheProbability() {
        String seed = FairDraw.newSeed();
        int picked = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (FairDraw.selected(seed, "webchat:site:" + i, 0.3)) {
                picked++;
            }
        }
        // Binomial(20000, 0.3): standard deviation ≈ 65; ±6σ keeps this test from ever flaking.
        assertThat(picked).isBetween(6000 - 390, 6000 + 390);
    }

    @Test
    void drawPicksWithoutReplacementAndIgnoresInputOrder() {
        List<String> fans = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fans.add("f" + i);
        }
        String seed = FairDraw.newSeed();
        List<String> a = FairDraw.pick(seed, "d1", fans, 10);
        assertThat(a).hasSize(10).doesNotHaveDuplicates();
        List<String> reversed = new ArrayList<>(fans);
        java.util.Collections.reverse(reversed);
        assertThat(FairDraw.pick(seed, "d1", reversed, 10)).isEqualTo(a);
        assertThat(FairDraw.pick(seed, "d2", fans, 10)).isNotEqualTo(a);
        assertThat(FairDraw.pick(seed, "d1", fans, 500)).hasSize(100);
    }
}
