package io.crowdsurf.metrics.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The field names of {@code POST /api/v1/track} and of the CSV import: Matomo's own tracking parameter names, or
 * these readable aliases for them. One list for both, so a CSV row and a JSON hit mean the same as a matomo.php
 * request with the same values.
 */
public final class ParameterNames {

    /** alias → Matomo parameter. */
    public static final Map<String, String> ALIASES;

    /** The Matomo parameters accepted by name (everything else in a JSON hit or CSV header is refused). */
    public static final Set<String> MATOMO = Set.of("idsite", "rec", "url", "action_name", "_id", "cid", "uid",
            "urlref", "download", "link", "e_c", "e_a", "e_n", "e_v", "c_n", "c_p", "c_t", "c_i", "search",
            "search_cat", "search_count", "res", "ua", "lang", "cdt", "cip", "h", "m", "s", "new_visit", "_idvc",
            "_viewts", "_idts", "_rcn", "_rck", "ping", "pv_id", "r", "rand", "apiv", "send_image", "bots", "ca");

    static {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("site", "idsite");
        a.put("siteId", "idsite");
        a.put("visitorId", "_id");
        a.put("userId", "uid");
        a.put("title", "action_name");
        a.put("pageTitle", "action_name");
        a.put("referrer", "urlref");
        a.put("referrerUrl", "urlref");
        a.put("time", "cdt");
        a.put("userAgent", "ua");
        a.put("language", "lang");
        a.put("ip", "cip");
        a.put("outlink", "link");
        a.put("eventCategory", "e_c");
        a.put("eventAction", "e_a");
        a.put("eventName", "e_n");
        a.put("eventValue", "e_v");
        a.put("contentName", "c_n");
        a.put("contentPiece", "c_p");
        a.put("contentTarget", "c_t");
        a.put("contentInteraction", "c_i");
        a.put("searchKeyword", "search");
        a.put("resolution", "res");
        a.put("newVisit", "new_visit");
        a.put("visitCount", "_idvc");
        a.put("previousVisit", "_viewts");
        a.put("campaign", "_rcn");
        a.put("campaignKeyword", "_rck");
        a.put("id", "r");
        ALIASES = Map.copyOf(a);
    }

    private ParameterNames() {
    }

    /** The Matomo parameter a field stands for, or null when the name is neither a parameter nor an alias. */
    public static String canonical(String field) {
        if (field == null) {
            return null;
        }
        if (MATOMO.contains(field)) {
            return field;
        }
        return ALIASES.get(field);
    }
}
