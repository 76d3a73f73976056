package io.crowdsurf.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OptionsTest {

    @Test
    void optionsThenEnvironmentThenDefault() {
        Map<String, String> env = Map.of("BENCH_CONCURRENCY", "32", "BENCH_FANS", "5");
        Options o = new Options(new String[] {"--fans=100", "--select", "0.5", "--bare-only"}, env::get);
        assertThat(o.integer("fans", 20_000)).isEqualTo(100);
        assertThat(o.decimal("select", 1.0)).isEqualTo(0.5);
        assertThat(o.integer("concurrency", 64)).isEqualTo(32);
        assertThat(o.integer("questions", 3)).isEqualTo(3);
        assertThat(o.flag("bare-only")).isTrue();
    }
}
