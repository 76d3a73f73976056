package io.crowdsurf.quiz;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerGraderTest {

    @Test
    void normalizesCaseAccentsPunctuationAndSpaces() {
        assertThat(AnswerGrader.normalize("  Ámsterdam!! ")).isEqualTo("amsterdam");
        assertThat(AnswerGrader.normalize("São   Paulo.")).isEqualTo("sao paulo");
        assertThat(AnswerGrader.normalize("A'dam")).isEqualTo("a dam");
        assertThat(AnswerGrader.normalize("Ｎｅｗ　Ｙｏｒｋ")).isEqualTo("new york");
        assertThat(AnswerGrader.normalize(null)).isEmpty();
    }

    @Test
    void acceptsVariantsAndOneTypoOnLongAnswers() {
        List<String> accepted = List.of("Amsterdam", "A'dam");
        assertThat(AnswerGrader.matches("amsterdam", accepted)).isTrue();
        assertThat(AnswerGrader.matches("a dam", accepted)).isTrue();
        assertThat(AnswerGrader.matches("Amsterdan", accepted)).isTrue();   // one substitution
        assertThat(AnswerGrader.matches("Amsterdamm", accepted)).isTrue();  // one insertion
        assertThat(AnswerGrader.matches("Amstrdam", accepted)).isTrue();    // one deletion
        assertThat(AnswerGrader.matches("Amstrdan", accepted)).isFalse();   // two edits
        assertThat(AnswerGrader.matches("Rotterdam", accepted)).isFalse();
        assertThat(AnswerGrader.matches("", accepted)).isFalse();
        assertThat(AnswerGrader.matches("!!!", accepted)).isFalse();
    }

    @Test
    void noTypoToleranceOnShortAnswersOrNumbers() {
        assertThat(AnswerGrader.matches("Osli", List.of("Oslo"))).isFalse();
        assertThat(AnswerGrader.matches("2008", List.of("2009"))).isFalse();
        assertThat(AnswerGrader.matches("10001", List.of("10000"))).isFalse();
        assertThat(AnswerGrader.matches("Oslo", List.of("oslo"))).isTrue();
    }

    @Test
    void oneEdit() {
        assertThat(AnswerGrader.withinOneEdit("abc", "abc")).isTrue();
        assertThat(AnswerGrader.withinOneEdit("abc", "abd")).isTrue();
        assertThat(AnswerGrader.withinOneEdit("abc", "ab")).isTrue();
        assertThat(AnswerGrader.withinOneEdit("ab", "xab")).isTrue();
        assertThat(AnswerGrader.withinOneEdit("abc", "bca")).isFalse();
        assertThat(AnswerGrader.withinOneEdit("a", "abc")).isFalse();
    }
}
