package io.crowdsurf.gateway.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentIdsTest {

    @Test
    void remembersUpToCapacityAndForgetsTheOldestFirst() {
        RecentIds ids = new RecentIds(3);
        ids.add("a");
        ids.add("b");
        ids.add("c");
        ids.add("a");
        assertThat(ids.size()).isEqualTo(3);
        ids.add("d");
        assertThat(ids.contains("a")).isFalse();
        assertThat(ids.contains("b")).isTrue();
        assertThat(ids.contains("d")).isTrue();
        assertThat(ids.size()).isEqualTo(3);
    }
}
