package io.crowdsurf.metrics.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.metrics.domain.IpRanges;
import io.crowdsurf.metrics.domain.Referrers;
import io.crowdsurf.metrics.domain.SectionRule;
import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.metrics.persistence.SiteRepository;

/** Registers and changes sites, after validating every field (a problem names the first bad one). */
@ApplicationScoped
public class SiteService {

    /** The editable fields of a site; the id comes from the path on update. */
    public record SiteSpec(String id, String name, List<String> urls, String timeZone, List<SectionRule> sections,
            List<String> excludedIps, List<String> excludedParameters, List<String> excludedUserAgents) {
    }

    /** A field is wrong. */
    public static class InvalidSiteException extends RuntimeException {
        private final String field;

        public InvalidSiteException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MAX_LIST = 1000;
    static final int ATTEMPTS = 16;

    private final SiteRepository repository;
    private final SiteDirectory directory;

    public SiteService(SiteRepository repository, SiteDirectory directory) {
        this.repository = repository;
        this.directory = directory;
    }

    /** @return the new site, or empty when the id is taken */
    public Optional<Site> create(SiteSpec spec) {
        validate(spec, true);
        Instant now = Instant.now();
        String id = spec.id();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String chosen = id != null ? id : String.valueOf(nextNumericId());
            Site site = build(chosen, spec, now, now, 1);
            if (repository.insert(site)) {
                directory.invalidate(chosen);
                return Optional.of(site);
            }
            if (id != null) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not allocate a site id");
    }

    /** Replaces the editable fields. @return empty when there is no such site */
    public Optional<Site> update(String id, SiteSpec spec) {
        if (spec.id() != null && !spec.id().equals(id)) {
            throw new InvalidSiteException("id", "the id cannot be changed (it is " + id + ")");
        }
        validate(spec, false);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Site> current = repository.find(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Site c = current.get();
            Site next = build(id, spec, c.createdAt(), Instant.now(), c.version() + 1);
            if (repository.replace(next, c.version())) {
                directory.invalidate(id);
                return Optional.of(next);
            }
        }
        throw new IllegalStateException("site " + id + " keeps changing; retry");
    }

    public Optional<Site> find(String id) {
        return repository.find(id);
    }

    public List<Site> list() {
        return repository.list();
    }

    /** Matomo's sites are numbered 1, 2, …: the next number after the largest numeric id. */
    private long nextNumericId() {
        long max = 0;
        for (Site s : repository.list()) {
            if (s.id().matches("\\d{1,18}")) {
                max = Math.max(max, Long.parseLong(s.id()));
            }
        }
        return max + 1;
    }

    private static Site build(String id, SiteSpec s, Instant created, Instant updated, long version) {
        return new Site(id, s.name().strip(), s.urls(), s.timeZone() == null ? "UTC" : s.timeZone(), s.sections(),
                s.excludedIps(), s.excludedParameters(), s.excludedUserAgents(), created, updated, version);
    }

    static void validate(SiteSpec s, boolean creating) {
        if (s.id() != null && !ID.matcher(s.id()).matches()) {
            throw new InvalidSiteException("id", "id: 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (s.name() == null || s.name().isBlank() || s.name().length() > 200) {
            throw new InvalidSiteException("name", "name is required (at most 200 characters)");
        }
        if (s.timeZone() != null) {
            try {
                ZoneId.of(s.timeZone());
            } catch (DateTimeException e) {
                throw new InvalidSiteException("timeZone", "timeZone must be an IANA zone id such as Europe/Amsterdam");
            }
        }
        list("urls", s.urls());
        for (int i = 0; s.urls() != null && i < s.urls().size(); i++) {
            String u = s.urls().get(i);
            if (u == null || !(u.startsWith("http://") || u.startsWith("https://")) || Referrers.hostOf(u) == null
                    || u.length() > 2048) {
                throw new InvalidSiteException("urls." + i, "urls[" + i + "] must be an http(s) URL with a host");
            }
        }
        list("sections", s.sections());
        for (int i = 0; s.sections() != null && i < s.sections().size(); i++) {
            SectionRule r = s.sections().get(i);
            String f = "sections." + i;
            if (r == null || r.section() == null || r.section().isBlank() || r.section().length() > 200) {
                throw new InvalidSiteException(f + ".section", "every section rule needs a section name (≤ 200 characters)");
            }
            if ((r.prefix() == null) == (r.pattern() == null)) {
                throw new InvalidSiteException(f, "a section rule has exactly one of prefix or pattern");
            }
            String path = r.prefix() != null ? r.prefix() : r.pattern();
            if (!path.startsWith("/") || path.length() > 500) {
                throw new InvalidSiteException(f, "a section prefix or pattern is a URL path starting with '/'");
            }
        }
        list("excludedIps", s.excludedIps());
        for (int i = 0; s.excludedIps() != null && i < s.excludedIps().size(); i++) {
            if (!IpRanges.validRule(s.excludedIps().get(i))) {
                throw new InvalidSiteException("excludedIps." + i, "excludedIps[" + i + "] must be an IP address or CIDR range");
            }
        }
        list("excludedParameters", s.excludedParameters());
        list("excludedUserAgents", s.excludedUserAgents());
        for (List<String> l : new ArrayList<>(java.util.Arrays.asList(s.excludedParameters(), s.excludedUserAgents()))) {
            if (l != null && l.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 200)) {
                throw new InvalidSiteException(l == s.excludedParameters() ? "excludedParameters" : "excludedUserAgents",
                        "entries must be non-blank, at most 200 characters");
            }
        }
    }

    private static void list(String field, List<?> l) {
        if (l != null && l.size() > MAX_LIST) {
            throw new InvalidSiteException(field, field + ": at most " + MAX_LIST + " entries");
        }
    }
}
