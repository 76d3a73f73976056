package io.crowdsurf.metrics.domain;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;

/**
 * Turns one {@link TrackingInput} into a {@link HitTracked}, reading the parameters as Matomo's Tracking HTTP API
 * documents them. Matomo's leniency is kept: a parameter with a bad value is ignored (the hit is tracked without
 * it). What Matomo itself refuses is {@link Outcome.Invalid}: no or unknown {@code idsite}, an event without both
 * {@code e_c} and {@code e_a}, and a {@code cdt} older than 24 hours without {@code token_auth}.
 *
 * <p>Pure: the user-agent parser, the site lookup and the limits come in through the constructor and arguments.
 */
public final class HitBuilder {

    static final int MAX_URL = 4096;
    static final int MAX_TEXT = 255;
    static final int MAX_UA = 1024;
    /** A {@code cdt} this far in the future is a clock error: ignored, the hit is counted when it arrived. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(10);
    /** Parameters Matomo strips from every URL (session ids), besides the site's own excluded parameters. */
    static final Set<String> SESSION_PARAMETERS = Set.of("phpsessid", "jsessionid", "sessionid", "aspsessionid",
            "doing_wp_cron", "sid", "pk_vid");
    /** Parameters that never identify a hit: left out of its id. */
    static final Set<String> NOT_IDENTIFYING = Set.of("token_auth", "send_image", "bots");

    private static final MessageDigest SHA1 = newDigest("SHA-1");
    private static final MessageDigest SHA256 = newDigest("SHA-256");
    /** Sites whose rules are kept; more distinct sites than this just recompute them. */
    static final int MAX_SITE_RULES = 10_000;
    private static final Pattern RESOLUTION = Pattern.compile("\\d{1,5}x\\d{1,5}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,13}(\\.\\d{1,9})?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,7}");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,11}");
    private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final DateTimeFormatter MATOMO_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Function<String, UserAgentInfo> userAgents;
    private final Duration untrustedBackdate;
    private final ConcurrentHashMap<String, SiteRules> rules = new ConcurrentHashMap<>();

    public HitBuilder(Function<String, UserAgentInfo> userAgents, Duration untrustedBackdate) {
        this.userAgents = userAgents;
        this.untrustedBackdate = untrustedBackdate;
    }

    /** @param sites the registered site for an {@code idsite}, or empty */
    public Outcome build(TrackingInput in, Function<String, Optional<Site>> sites) {
        Map<String, String> p = in.params();
        if (!"1".equals(trim(p.get("rec")))) {
            return new Outcome.Ignored("rec is not 1: nothing to track");
        }
        String siteId = trim(p.get("idsite"));
        if (siteId == null || siteId.isEmpty()) {
            return new Outcome.Invalid("idsite", "idsite is required");
        }
        if (!SITE_ID.matcher(siteId).matches()) {
            return new Outcome.Invalid("idsite", "invalid idsite");
        }
        Optional<Site> found = sites.apply(siteId);
        if (found.isEmpty()) {
            return new Outcome.Invalid("idsite", "unknown site '" + siteId + "'");
        }
        Site site = found.get();

        Instant time = in.receivedAt();
        Instant cdt = parseTime(trim(p.get("cdt")));
        if (cdt != null && !cdt.isAfter(in.receivedAt().plus(FUTURE_SKEW))) {
            if (cdt.isBefore(in.receivedAt().minus(untrustedBackdate)) && !in.authenticated()) {
                return new Outcome.Invalid("cdt", "a cdt older than " + untrustedBackdate.toHours()
                        + " hours needs token_auth");
            }
            time = cdt;
        } else {
            cdt = null;
        }

        String ip = in.clientIp();
        if (in.authenticated() && IpRanges.parse(p.get("cip")) != null) {
            ip = p.get("cip").strip();
        }
        String ua = text(p.get("ua"), MAX_UA);
        if (ua == null) {
            ua = in.userAgent() == null ? null : Referrers.clip(in.userAgent(), MAX_UA);
        }
        SiteRules rules = rules(site);
        if (!site.excludedIps().isEmpty()) {
            InetAddress address = IpRanges.parse(ip);
            for (String rule : site.excludedIps()) {
                if (IpRanges.contains(rule, address)) {
                    return new Outcome.Excluded("the client address is excluded by the site");
                }
            }
        }
        if (ua != null && !rules.excludedUserAgents().isEmpty()) {
            String lower = ua.toLowerCase(Locale.ROOT);
            for (String excluded : rules.excludedUserAgents()) {
                if (lower.contains(excluded)) {
                    return new Outcome.Excluded("the user agent is excluded by the site");
                }
            }
        }

        String eventCategory = text(p.get("e_c"), MAX_TEXT);
        String eventAction = text(p.get("e_a"), MAX_TEXT);
        if ((eventCategory == null) != (eventAction == null)) {
            return new Outcome.Invalid(eventCategory == null ? "e_c" : "e_a",
                    "an event needs both e_c (category) and e_a (action)");
        }

        String url = url(p.get("url"), rules.excludedParameters());
        String download = url(p.get("download"), rules.excludedParameters());
        String link = url(p.get("link"), rules.excludedParameters());
        String contentName = text(p.get("c_n"), MAX_TEXT);
        String contentInteraction = text(p.get("c_i"), MAX_TEXT);
        String search = text(p.get("search"), MAX_TEXT);
        HitKind kind;
        String target = null;
        if (download != null) {
            kind = HitKind.DOWNLOAD;
            target = download;
        } else if (link != null) {
            kind = HitKind.OUTLINK;
            target = link;
        } else if (eventCategory != null) {
            kind = HitKind.EVENT;
        } else if (contentName != null) {
            kind = contentInteraction == null ? HitKind.CONTENT_IMPRESSION : HitKind.CONTENT_INTERACTION;
            target = text(p.get("c_t"), MAX_URL);
        } else if (search != null) {
            kind = HitKind.SEARCH;
        } else if ("1".equals(trim(p.get("ping")))) {
            kind = HitKind.PING;
        } else {
            kind = HitKind.PAGEVIEW;
        }

        String referrerUrl = url(p.get("urlref"), SESSION_PARAMETERS);
        Referrer referrer = Referrers.classify(url, referrerUrl, text(p.get("_rcn"), MAX_TEXT), rules.hosts());
        String language = language(p.get("lang") != null ? p.get("lang") : in.acceptLanguage());
        String userId = text(p.get("uid"), MAX_TEXT);
        String visitorId = visitorId(p, userId, siteId, ip, ua, language);
        UserAgentInfo agent = ua == null || ua.isBlank() ? UserAgentInfo.UNKNOWN : userAgents.apply(ua);

        String hitId = hitId(siteId, visitorId, p, cdt, in.receivedAt());
        return new Outcome.Accepted(new HitTracked(hitId, siteId, time, visitorId, userId, kind, url,
                text(p.get("action_name"), MAX_TEXT), site.sectionOf(url), target, referrerUrl, referrer.type(),
                referrer.name(), eventCategory, eventAction, text(p.get("e_n"), MAX_TEXT), number(p.get("e_v")),
                contentName, text(p.get("c_p"), MAX_TEXT),
                kind == HitKind.CONTENT_INTERACTION ? contentInteraction : null, search, agent.deviceType(),
                agent.browser(), agent.os(), agent.bot(), resolution(p.get("res")), language,
                "1".equals(trim(p.get("new_visit"))), count(p.get("_idvc")), previousVisit(p.get("_viewts"), time)));
    }

    /**
     * 16 lower-case hex characters: {@code cid}, else {@code _id} (any other non-blank {@code _id}, such as a UUID,
     * is hashed to 16 hex so it still identifies its visitor), else the first 16 hex of SHA-1({@code uid}) as
     * Matomo derives it, else a hash of site, client address, user agent and language.
     */
    static String visitorId(Map<String, String> p, String userId, String siteId, String ip, String ua, String lang) {
        String cid = trim(p.get("cid"));
        if (cid != null && hex16(cid)) {
            return cid.toLowerCase(Locale.ROOT);
        }
        String id = trim(p.get("_id"));
        if (id != null && hex16(id)) {
            return id.toLowerCase(Locale.ROOT);
        }
        if (id != null && !id.isEmpty() && id.length() <= MAX_TEXT) {
            return hex(SHA1, "_id\0" + id, 8);
        }
        if (userId != null) {
            return hex(SHA1, userId, 8);
        }
        return hex(SHA1, "anon\0" + siteId + "\0" + ip + "\0" + ua + "\0" + lang, 8);
    }

    /**
     * Deterministic: SHA-256 over the site, the visitor, every parameter but {@code token_auth} (sorted by name) and
     * the time. The time is the {@code cdt} when given; without one, a request carrying Matomo's cache buster
     * ({@code r} or {@code rand}, new for every hit) needs no time — a retried request is byte-identical and keeps
     * its id; with neither, the minute it arrived keeps two identical hits a minute apart distinct.
     */
    static String hitId(String siteId, String visitorId, Map<String, String> params, Instant cdt, Instant received) {
        StringBuilder s = new StringBuilder(512).append(siteId).append('\0').append(visitorId);
        String[] names = params.keySet().toArray(new String[0]);
        java.util.Arrays.sort(names);
        for (String k : names) {
            if (!NOT_IDENTIFYING.contains(k)) {
                s.append('\0').append(k).append('=').append(params.get(k));
            }
        }
        s.append('\0');
        if (cdt != null) {
            s.append(cdt.toEpochMilli());
        } else if (!params.containsKey("r") && !params.containsKey("rand")) {
            s.append("m").append(received.getEpochSecond() / 60);
        }
        return hex(SHA256, s.toString(), 16);
    }

    /** Unix seconds (fractions allowed), Matomo's {@code yyyy-MM-dd HH:mm:ss} in UTC, or ISO-8601 with an offset. */
    public static Instant parseTime(String cdt) {
        if (cdt == null || cdt.isEmpty()) {
            return null;
        }
        try {
            if (NUMBER.matcher(cdt).matches()) {
                double seconds = Double.parseDouble(cdt);
                // JavaScript trackers sometimes send milliseconds.
                long millis = seconds > 100_000_000_000d ? (long) seconds : (long) (seconds * 1000);
                return Instant.ofEpochMilli(millis);
            }
            if (cdt.length() == 19 && cdt.charAt(10) == ' ') {
                return LocalDateTime.parse(cdt, MATOMO_DATETIME).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(cdt).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * What a site's settings mean for every hit, worked out once per site version instead of once per hit: its own
     * hosts (for referrers), and its excluded parameters and user agents in lower case.
     */
    record SiteRules(Site site, Set<String> hosts, Set<String> excludedParameters, List<String> excludedUserAgents) {

        static SiteRules of(Site site) {
            Set<String> hosts = new HashSet<>();
            for (String u : site.urls()) {
                String h = Referrers.hostOf(u);
                if (h != null) {
                    hosts.add(Referrers.stripWww(h));
                }
            }
            Set<String> parameters = new HashSet<>(SESSION_PARAMETERS);
            for (String x : site.excludedParameters()) {
                parameters.add(x.toLowerCase(Locale.ROOT));
            }
            List<String> agents = new ArrayList<>();
            for (String x : site.excludedUserAgents()) {
                if (!x.isBlank()) {
                    agents.add(x.toLowerCase(Locale.ROOT));
                }
            }
            return new SiteRules(site, Set.copyOf(hosts), Set.copyOf(parameters), List.copyOf(agents));
        }
    }

    /** The rules of this very site object (the site directory hands out the same one while it is cached). */
    SiteRules rules(Site site) {
        SiteRules r = rules.get(site.id());
        if (r == null || r.site() != site) {
            r = SiteRules.of(site);
            if (rules.size() >= MAX_SITE_RULES) {
                rules.clear();
            }
            rules.put(site.id(), r);
        }
        return r;
    }

    /** A URL-shaped value with Matomo's session parameters and the site's excluded parameters removed, or null. */
    static String url(String raw, Site site) {
        return url(raw, site == null ? SESSION_PARAMETERS : SiteRules.of(site).excludedParameters());
    }

    /** @param excluded lower-case names of the query parameters to remove */
    static String url(String raw, Set<String> excluded) {
        String v = trim(raw);
        if (v == null || v.length() > MAX_URL || !urlShaped(v)) {
            return null;
        }
        int q = v.indexOf('?');
        if (q < 0) {
            return v;
        }
        int hash = v.indexOf('#', q);
        String query = hash < 0 ? v.substring(q + 1) : v.substring(q + 1, hash);
        StringBuilder kept = new StringBuilder();
        boolean removed = false;
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (excluded.contains(name)) {
                removed = true;
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(pair);
        }
        if (!removed) {
            return v;
        }
        return v.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept) + (hash < 0 ? "" : v.substring(hash));
    }

    static String text(String raw, int max) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip();
        return v.isEmpty() ? null : Referrers.clip(v, max);
    }

    static Double number(String raw) {
        String v = trim(raw);
        if (v == null || v.isEmpty() || v.length() > 32) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String resolution(String raw) {
        String v = trim(raw);
        return v != null && RESOLUTION.matcher(v).matches() ? v : null;
    }

    /** The first language of {@code lang} or an Accept-Language header, lower case ({@code en-us}), or null. */
    static String language(String raw) {
        if (raw == null) {
            return null;
        }
        String first = raw.split(",", 2)[0].split(";", 2)[0].strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return LANGUAGE.matcher(first).matches() ? first : null;
    }

    static Integer count(String raw) {
        String v = trim(raw);
        if (v == null || !COUNT.matcher(v).matches()) {
            return null;
        }
        return Integer.parseInt(v);
    }

    static Instant previousVisit(String raw, Instant hitTime) {
        String v = trim(raw);
        if (v == null || !EPOCH_SECONDS.matcher(v).matches()) {
            return null;
        }
        Instant t = Instant.ofEpochSecond(Long.parseLong(v));
        return t.isAfter(hitTime) || t.getEpochSecond() == 0 ? null : t;
    }

    /** {@code [0-9a-fA-F]{16}}, without a regular expression (it ran for every hit). */
    static boolean hex16(String s) {
        if (s.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code [a-zA-Z][a-zA-Z0-9+.-]{0,31}:\S+}: a scheme, a colon and no white space, checked by hand (the regular
     * expression walked every URL of every hit).
     */
    static boolean urlShaped(String v) {
        int n = v.length();
        if (n < 3 || !asciiLetter(v.charAt(0))) {
            return false;
        }
        int i = 1;
        while (i < n && i <= 31 && schemeChar(v.charAt(i))) {
            i++;
        }
        if (i >= n - 1 || v.charAt(i) != ':') {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            char c = v.charAt(j);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean schemeChar(char c) {
        return asciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    /** The first {@code bytes} bytes of the digest, in lower-case hex. */
    private static String hex(MessageDigest prototype, String s, int bytes) {
        MessageDigest digest;
        try {
            // A clone of a ready instance: getInstance searches the security providers on every call.
            digest = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            digest = newDigest(prototype.getAlgorithm());
        }
        return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
