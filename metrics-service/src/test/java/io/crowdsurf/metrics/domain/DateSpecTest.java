package io.crowdsurf.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class DateSpecTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-02"); // a Monday

    @Test
    void lastAndPreviousAcrossMonthEnds() {
        DateSpec last3 = DateSpec.parse("day", "last3", TODAY);
        assertThat(last3.multiple()).isTrue();
        assertThat(last3.spans()).extracting(DateSpec.Span::label).containsExactly("2026-02-28", "2026-03-01", "2026-03-02");
        assertThat(DateSpec.parse("day", "previous2", TODAY).spans()).extracting(DateSpec.Span::label)
                .containsExactly("2026-02-28", "2026-03-01");
        assertThat(DateSpec.parse("month", "last2", TODAY).spans()).extracting(DateSpec.Span::label)
                .containsExactly("2026-02", "2026-03");
        assertThat(DateSpec.parse("month", "previous1", LocalDate.parse("2026-01-15")).spans())
                .extracting(DateSpec.Span::label).containsExactly("2025-12");
        assertThat(DateSpec.parse("week", "last2", TODAY).spans()).extracting(DateSpec.Span::label)
                .containsExactly("2026-02-23,2026-03-01", "2026-03-02,2026-03-08");
        DateSpec range = DateSpec.parse("range", "last7", TODAY);
        assertThat(range.multiple()).isFalse();
        assertThat(range.spans()).singleElement().satisfies(s -> assertThat(s.label()).isEqualTo("2026-02-24,2026-03-02"));
        assertThat(DateSpec.parse("range", "previous7", TODAY).spans().get(0).label()).isEqualTo("2026-02-23,2026-03-01");
    }

    @Test
    void singleDatesAndPairs() {
        assertThat(DateSpec.parse("day", "yesterday", TODAY).spans().get(0).label()).isEqualTo("2026-03-01");
        assertThat(DateSpec.parse("month", "2026-02-14", TODAY).spans()).singleElement()
                .satisfies(s -> assertThat(s.to()).isEqualTo(LocalDate.parse("2026-02-28")));
        assertThat(DateSpec.parse("year", "today", TODAY).spans().get(0).label()).isEqualTo("2026");
        assertThat(DateSpec.parse("day", "2026-02-27,2026-03-01", TODAY).spans()).hasSize(3);
        assertThat(DateSpec.parse("day", "2026-02-27,2026-03-01", TODAY).multiple()).isTrue();
    }

    @Test
    void aFreeRangeIsWholeYearsMonthsAndDays() {
        DateSpec.Span span = DateSpec.parse("range", "2025-12-30,2027-02-02", TODAY).spans().get(0);
        assertThat(DateSpec.buckets(span)).containsExactly("D2025-12-30", "D2025-12-31", "Y2026", "M2027-01",
                "D2027-02-01", "D2027-02-02");
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> DateSpec.parse("decade", "today", TODAY)).hasMessageContaining("period");
        assertThatThrownBy(() -> DateSpec.parse("day", "2026-13-01", TODAY)).hasMessageContaining("YYYY-MM-DD");
        assertThatThrownBy(() -> DateSpec.parse("day", "last0", TODAY)).hasMessageContaining("N must");
        assertThatThrownBy(() -> DateSpec.parse("day", "lastx", TODAY)).hasMessageContaining("lastN");
        assertThatThrownBy(() -> DateSpec.parse("range", "today", TODAY)).hasMessageContaining("range");
        assertThatThrownBy(() -> DateSpec.parse("day", "2026-03-02,2026-03-01", TODAY)).hasMessageContaining("before");
        assertThatThrownBy(() -> DateSpec.parse("day", "last5000", TODAY)).hasMessageContaining("N must");
    }
}
