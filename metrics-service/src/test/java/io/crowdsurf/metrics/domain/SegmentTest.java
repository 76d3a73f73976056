package io.crowdsurf.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SegmentTest {

    private static final Combo NEW_PHONE_SEARCH = new Combo("new", "smartphone", "search");

    @Test
    void orBindsTighterThanAnd() {
        Segment s = Segment.parse("visitorType==returning;deviceType==smartphone,deviceType==tablet");
        assertThat(s.clauses()).hasSize(2);
        assertThat(s.matches(Table.VISIT, "-", NEW_PHONE_SEARCH)).isFalse();
        assertThat(Segment.parse("visitorType==new;deviceType==tablet,deviceType==smartphone")
                .matches(Table.VISIT, "-", NEW_PHONE_SEARCH)).isTrue();
    }

    @Test
    void everyOperator() {
        String url = "https://example.org/news/2026?x=1";
        assertThat(Segment.parse("pageUrl==" + "https%3A%2F%2Fexample.org%2Fnews%2F2026%3Fx%3D1")
                .matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH)).isTrue();
        assertThat(Segment.parse("pageUrl!=x").matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH)).isTrue();
        assertThat(Segment.parse("pageUrl=@NEWS").matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH)).isTrue();
        assertThat(Segment.parse("pageUrl!@news").matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH)).isFalse();
        assertThat(Segment.parse("pageUrl=^https%3A%2F%2Fexample").matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH))
                .isTrue();
        assertThat(Segment.parse("pageUrl=$x%3D1").matches(Table.PAGE_URL, url, NEW_PHONE_SEARCH)).isTrue();
        assertThat(Segment.parse("referrerType==search").rowTables()).isEmpty();
        assertThat(Segment.parse("section==news;deviceType==desktop").rowTables()).containsExactly(Table.SECTION);
    }

    @Test
    void refusesWhatItCannotAnswer() {
        assertThatThrownBy(() -> Segment.parse("visitCount>2")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Segment.parse("city==Paris")).hasMessageContaining("city");
        assertThatThrownBy(() -> Segment.parse("pageUrl")).hasMessageContaining("no operator");
        assertThatThrownBy(() -> Segment.parse("pageUrl==a;;")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Segment.parse("pageUrl==%zz")).hasMessageContaining("URL-encoded");
        assertThat(Segment.parse("")).isEqualTo(Segment.NONE);
    }
}
