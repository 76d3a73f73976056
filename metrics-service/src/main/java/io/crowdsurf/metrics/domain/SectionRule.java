package io.crowdsurf.metrics.domain;

import java.util.Locale;
import java.util.regex.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Maps URL paths to a site section. Exactly one of {@code prefix} (the path starts with it) or {@code pattern}
 * (a glob over the path: {@code *} is any run of characters within one path segment, {@code **} any run
 * including {@code /}; no regular expressions, so a rule can never be slow) is set. Matching ignores case.
 *
 * @param section the section name reported for matching hits
 */
@RegisterForReflection
public record SectionRule(String prefix, String pattern, String section) {

    /** Whether the URL path (no query, no fragment) falls under this rule. */
    public boolean matches(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (prefix != null) {
            return p.startsWith(prefix.toLowerCase(Locale.ROOT));
        }
        return pattern != null && COMPILED.computeIfAbsent(pattern, SectionRule::glob).matcher(p).matches();
    }

    /** Compiled globs, shared: a rule is matched for every hit of its site. Bounded by the sites' rules. */
    private static final java.util.Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The glob as an anchored regular expression: only literal text, {@code [^/]*} and {@code .*}. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        String g = glob.toLowerCase(Locale.ROOT);
        int literalStart = 0;
        for (int i = 0; i < g.length(); i++) {
            if (g.charAt(i) == '*') {
                if (i > literalStart) {
                    re.append(Pattern.quote(g.substring(literalStart, i)));
                }
                if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
                literalStart = i + 1;
            }
        }
        if (literalStart < g.length()) {
            re.append(Pattern.quote(g.substring(literalStart)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
