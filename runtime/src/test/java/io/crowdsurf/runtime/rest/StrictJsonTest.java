package io.crowdsurf.runtime.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    record Pool(String id, int capacity) {
    }

    record Body(String name, List<Pool> pools) {
    }

    // The application's mapper tolerates unknown fields; StrictJson must not inherit that.
    private final StrictJson json = new StrictJson(new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    @Test
    void readsAWellFormedBody() {
        Body body = json.read(bytes("{\"name\":\"n\",\"pools\":[{\"id\":\"ams\",\"capacity\":3}]}"), Body.class);
        assertThat(body.pools()).containsExactly(new Pool("ams", 3));
    }

    @Test
    void namesTheFieldOfAWrongType() {
        assertThatThrownBy(() -> json.read(bytes("{\"pools\":[{\"id\":\"a\",\"capacity\":\"x\"}]}"), Body.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().field()).isEqualTo("pools.0.capacity");
                });
    }

    @Test
    void refusesUnknownFieldsEmptyNullTrailingInvalidUtf8AndDeepNesting() {
        List<byte[]> bad = List.of(
                bytes("{\"name\":\"n\",\"surprise\":1}"),
                new byte[0],
                bytes("  "),
                bytes("null"),
                bytes("{\"name\":\"n\"} {}"),
                new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'},
                bytes("{\"name\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                bytes("{\"name\":"));
        for (byte[] body : bad) {
            assertThatThrownBy(() -> json.read(body, Body.class))
                    .as(new String(body, StandardCharsets.ISO_8859_1))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
