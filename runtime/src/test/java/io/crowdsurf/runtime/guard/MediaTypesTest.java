package io.crowdsurf.runtime.guard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypesTest {

    @Test
    void mediaTypeIsLowerCaseWithoutParameters() {
        assertThat(MediaTypes.of(" Application/JSON ; charset=UTF-8")).isEqualTo("application/json");
        assertThat(MediaTypes.of(null)).isEmpty();
    }

    @Test
    void jsonMeansApplicationJsonOrAPlusJsonSuffix() {
        assertThat(MediaTypes.json("application/json")).isTrue();
        assertThat(MediaTypes.json("application/problem+json")).isTrue();
        assertThat(MediaTypes.json("text/json")).isFalse();
        assertThat(MediaTypes.json("text/plain")).isFalse();
    }

    @Test
    void onlyUtf8OrNoCharsetIsAccepted() {
        assertThat(MediaTypes.utf8Charset(null)).isTrue();
        assertThat(MediaTypes.utf8Charset("application/json")).isTrue();
        assertThat(MediaTypes.utf8Charset("application/json; charset=\"utf8\"")).isTrue();
        assertThat(MediaTypes.utf8Charset("application/json; CHARSET=UTF-8")).isTrue();
        assertThat(MediaTypes.utf8Charset("application/json; charset=iso-8859-1")).isFalse();
    }
}
