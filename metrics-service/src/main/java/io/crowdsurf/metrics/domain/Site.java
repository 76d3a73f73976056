package io.crowdsurf.metrics.domain;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tracked website or app, Matomo's "site". Stored in the {@code sites} collection with {@code _id} = {@link #id}.
 *
 * @param id                 Matomo's {@code idsite} as a string, e.g. "1"
 * @param name               display name
 * @param urls               the site's URLs ({@code https://example.com}); a referrer on one of their hosts is
 *                           internal, not a "website" referrer
 * @param timeZone           IANA zone id (e.g. {@code Europe/Amsterdam}); reports bucket days in it
 * @param sections           evaluated in order, the first match names the hit's section; none matching → no section
 * @param excludedIps        client addresses whose hits are dropped: exact ({@code 10.0.0.1}) or CIDR ({@code 10.0.0.0/8})
 * @param excludedParameters query parameters removed from tracked URLs (session ids and the like)
 * @param excludedUserAgents case-insensitive substrings; a hit whose user agent contains one is dropped
 * @param createdAt          when the site was registered
 * @param updatedAt          last change
 * @param version            incremented on every change (optimistic concurrency)
 */
@RegisterForReflection
public record Site(
        String id,
        String name,
        List<String> urls,
        String timeZone,
        List<SectionRule> sections,
        List<String> excludedIps,
        List<String> excludedParameters,
        List<String> excludedUserAgents,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Site {
        urls = urls == null ? List.of() : List.copyOf(urls);
        sections = sections == null ? List.of() : List.copyOf(sections);
        excludedIps = excludedIps == null ? List.of() : List.copyOf(excludedIps);
        excludedParameters = excludedParameters == null ? List.of() : List.copyOf(excludedParameters);
        excludedUserAgents = excludedUserAgents == null ? List.of() : List.copyOf(excludedUserAgents);
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** The section of a page URL (absolute or a path), or null when no rule matches. */
    public String sectionOf(String url) {
        if (url == null || sections.isEmpty()) {
            return null;
        }
        String path = pathOf(url);
        for (SectionRule rule : sections) {
            if (rule.matches(path)) {
                return rule.section();
            }
        }
        return null;
    }

    /** The path of a URL ("/" when it has none); tolerant of URLs that {@link URI} refuses. */
    static String pathOf(String url) {
        String rest = url;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            int slash = rest.indexOf('/', scheme + 3);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        int cut = indexOfAny(rest, '?', '#');
        if (cut >= 0) {
            rest = rest.substring(0, cut);
        }
        return rest.isEmpty() ? "/" : rest;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
