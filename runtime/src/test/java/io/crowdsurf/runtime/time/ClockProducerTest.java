package io.crowdsurf.runtime.time;

import java.time.Clock;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.DefaultBean;

import static org.assertj.core.api.Assertions.assertThat;

class ClockProducerTest {

    @Test
    void producesUtcSystemTimeAsAnOverridableDefault() throws Exception {
        Clock clock = new ClockProducer().clock();

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(ClockProducer.class.getDeclaredMethod("clock").isAnnotationPresent(DefaultBean.class)).isTrue();
    }
}
