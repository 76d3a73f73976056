package io.crowdsurf.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void namesTheThreeTopicsOfTheContract() {
        assertThat(Topics.ALL).containsExactly(Topics.EVENTS, Topics.HITS, Topics.DLQ).doesNotHaveDuplicates();
        assertThat(Topics.DLQ).startsWith(Topics.EVENTS);
    }
}
