package io.crowdsurf.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The aggregator's caches are bounded by the weight of what they hold, evicting the least recently used first. */
class WeightedLruTest {

    @Test
    void evictsTheLeastRecentlyUsedBeyondTheBudget() {
        WeightedLru<String, String> lru = new WeightedLru<>(10, String::length);
        lru.put("a", "aaaa");
        lru.put("b", "bbbb");
        assertThat(lru.get("a")).isEqualTo("aaaa"); // a is now the most recently used
        lru.put("c", "cccc");
        assertThat(lru.get("b")).isNull();
        assertThat(lru.get("a")).isNotNull();
        assertThat(lru.weight()).isEqualTo(8);
    }

    @Test
    void aValueIsWeighedAgainWhenPutAgainAndOneHeavierThanTheBudgetIsNotKept() {
        WeightedLru<String, String> lru = new WeightedLru<>(10, String::length);
        lru.put("a", "aa");
        lru.put("a", "aaaaaa");
        assertThat(lru.weight()).isEqualTo(6);
        lru.put("big", "x".repeat(11));
        assertThat(lru.get("big")).isNull();
        assertThat(lru.get("a")).isEqualTo("aaaaaa");
        lru.put("a", "y".repeat(11));
        assertThat(lru.get("a")).isNull();
        assertThat(lru.weight()).isZero();
        lru.put("p1", "1");
        lru.put("p2", "2");
        lru.removeIf(k -> k.equals("p1"));
        assertThat(lru.size()).isEqualTo(1);
        assertThat(lru.weight()).isEqualTo(1);
    }
}
