package io.crowdsurf.metrics.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Classifies the referrer of a hit, in Matomo's order: a campaign first (the tracker's {@code _rcn}, else a
 * campaign parameter on the page URL: Matomo's {@code mtm_campaign}/{@code mtm_cpn}/{@code matomo_campaign}, the
 * older {@code pk_campaign}/{@code pk_cpn}/{@code piwik_campaign}, or Google's {@code utm_campaign}); then no
 * referrer, or one on the site's own hosts → direct; then a known search engine ({@link SearchEngines}); else the
 * referring website's host.
 */
public final class Referrers {

    /** Checked in this order; the first present and non-blank names the campaign. */
    static final List<String> CAMPAIGN_PARAMETERS = List.of("mtm_campaign", "mtm_cpn", "matomo_campaign",
            "pk_campaign", "pk_cpn", "piwik_campaign", "utm_campaign");

    private Referrers() {
    }

    /**
     * @param pageUrl      the tracked URL, may be null
     * @param referrerUrl  {@code urlref}, may be null
     * @param campaignName {@code _rcn} (the JavaScript tracker's campaign name), may be null
     * @param siteHosts    the site's own hosts, lower case, without {@code www.}
     */
    public static Referrer classify(String pageUrl, String referrerUrl, String campaignName, Set<String> siteHosts) {
        String campaign = blankToNull(campaignName);
        if (campaign == null && pageUrl != null) {
            Map<String, String> query = QueryStrings.parse(queryOf(pageUrl));
            for (String p : CAMPAIGN_PARAMETERS) {
                campaign = blankToNull(query.get(p));
                if (campaign == null) {
                    campaign = blankToNull(query.get(p.toUpperCase(Locale.ROOT)));
                }
                if (campaign != null) {
                    break;
                }
            }
        }
        if (campaign != null) {
            return new Referrer(Referrer.CAMPAIGN, clip(campaign.toLowerCase(Locale.ROOT), 255));
        }
        String host = hostOf(referrerUrl);
        if (host == null) {
            return Referrer.NONE;
        }
        String bare = stripWww(host);
        String pageHost = hostOf(pageUrl);
        if (siteHosts.contains(bare) || (pageHost != null && stripWww(pageHost).equals(bare))) {
            return Referrer.NONE;
        }
        String engine = SearchEngines.nameOf(bare);
        if (engine != null) {
            return new Referrer(Referrer.SEARCH, engine);
        }
        return new Referrer(Referrer.WEBSITE, bare);
    }

    /** The lower-case host of an absolute URL, or null when it has none. */
    public static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? null : authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            authority = authority.substring(0, colon);
        }
        authority = authority.toLowerCase(Locale.ROOT);
        if (authority.endsWith(".")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        return authority.isEmpty() ? null : authority;
    }

    public static String stripWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    static String queryOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? "" : url.substring(q + 1);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
