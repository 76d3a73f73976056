package io.crowdsurf.quiz;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Grades a typed answer. The rule, also in the README:
 * <ol>
 * <li>Both sides are normalized: Unicode NFKD, accents (combining marks) removed, lower case,
 * every run of punctuation or whitespace turned into one space, trimmed. "  Ámsterdam!! " = "amsterdam".</li>
 * <li>The answer is right if it equals any accepted variant.</li>
 * <li>One typo is forgiven — Levenshtein distance ≤ 1 (one letter added, dropped or changed) — when the
 * accepted variant is at least 5 characters long after normalization and is not a number: "amsterdan" passes,
 * "1987" vs "1988" does not.</li>
 * </ol>
 * A tapped button is not graded here: its payload names the option, matched exactly.
 */
public final class AnswerGrader {

    /** Shortest accepted answer (normalized) for which one typo is tolerated. */
    public static final int TYPO_MIN_LENGTH = 5;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern DIGITS = Pattern.compile("[\\d ]+");

    private AnswerGrader() {
    }

    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD);
        s = MARKS.matcher(s).replaceAll("");
        s = s.toLowerCase(Locale.ROOT);
        s = SEPARATORS.matcher(s).replaceAll(" ");
        return s.trim();
    }

    public static boolean matches(String answer, Iterable<String> accepted) {
        String a = normalize(answer);
        if (a.isEmpty()) {
            return false;
        }
        for (String variant : accepted) {
            String v = normalize(variant);
            if (v.isEmpty()) {
                continue;
            }
            if (a.equals(v)) {
                return true;
            }
            if (v.length() >= TYPO_MIN_LENGTH && !DIGITS.matcher(v).matches() && withinOneEdit(a, v)) {
                return true;
            }
        }
        return false;
    }

    /** Levenshtein distance ≤ 1, in linear time. */
    static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        if (la > lb) {
            return withinOneEdit(b, a);
        }
        int i = 0;
        while (i < la && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la) {
            return true;
        }
        // a is shorter or equal: skip one char in b (insertion) or one in both (substitution).
        return la == lb
                ? a.substring(i + 1).equals(b.substring(i + 1))
                : a.substring(i).equals(b.substring(i + 1));
    }
}
