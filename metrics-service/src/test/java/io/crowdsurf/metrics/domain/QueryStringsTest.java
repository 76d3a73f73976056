package io.crowdsurf.metrics.domain;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {

    @Test
    void decodesPercentPlusAndUtf8() {
        assertThat(QueryStrings.parse("?a=1&b=hello+world&c=%E2%9C%93&d=%2F%3F"))
                .isEqualTo(Map.of("a", "1", "b", "hello world", "c", "✓", "d", "/?"));
    }

    @Test
    void lastValueWinsLikePhp() {
        assertThat(QueryStrings.parse("a=1&a=2")).containsEntry("a", "2");
    }

    @Test
    void acceptsAWholeRequestLineAndIgnoresTheFragment() {
        assertThat(QueryStrings.parse("/matomo.php?idsite=3&rec=1#frag")).containsOnlyKeys("idsite", "rec");
    }

    @Test
    void dropsBrokenEncodingInvalidUtf8AndControlCharacters() {
        Map<String, String> p = QueryStrings.parse("ok=1&bad=%E2%9C&half=%4&nul=a%00b&cr=%0D%0A&lone=%ED%A0%80&empty=&=x");
        assertThat(p).containsOnlyKeys("ok", "empty");
    }

    @Test
    void sanitizedHoldsDecodedValuesToTheSameRules() {
        assertThat(QueryStrings.sanitized(Map.of("a", "x", "b", "x\u0000", "c", "\uD800")))
                .containsOnlyKeys("a");
    }
}
