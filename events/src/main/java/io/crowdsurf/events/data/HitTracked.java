package io.crowdsurf.events.data;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One validated and enriched tracking hit (Matomo tracking request, JSON track call, pixel, CSV import row,
 * widget impression/click, short-link click). Written by metrics-service's ingest to {@code crowdsurf.hits},
 * keyed by {@link #visitorId}, and read from there by its aggregator. Optional fields are null when absent.
 *
 * @param hitId              deterministic per hit (a retried request or a re-imported row keeps its id), so the
 *                           aggregator can tell a replay from a new hit
 * @param siteId             the registered site ({@code idsite})
 * @param time               when the hit happened ({@code cdt}, or when it was received)
 * @param visitorId          16 lower-case hex characters: Matomo's {@code cid}, else {@code _id}, else derived
 *                           from {@code uid}, else from the client's address and user agent
 * @param userId             Matomo {@code uid}
 * @param kind               what the hit records
 * @param url                the page URL ({@code url})
 * @param pageTitle          {@code action_name}
 * @param section            the site section the URL falls in (from the site's rules), or null
 * @param target             the download or outlink URL, or the content target ({@code c_t})
 * @param referrerUrl        {@code urlref}
 * @param referrerType       {@code direct}, {@code search}, {@code website} or {@code campaign}
 * @param referrerName       search engine, website host or campaign name; null for direct
 * @param eventCategory      {@code e_c}
 * @param eventAction        {@code e_a}
 * @param eventName          {@code e_n}
 * @param eventValue         {@code e_v}
 * @param contentName        {@code c_n}
 * @param contentPiece       {@code c_p}
 * @param contentInteraction {@code c_i} (e.g. "click"); null for an impression
 * @param searchKeyword      {@code search}
 * @param deviceType         from the user agent: desktop, smartphone, tablet, ... (parser library's class)
 * @param browser            browser name from the user agent
 * @param os                 operating system name from the user agent
 * @param bot                the user agent is a known crawler; excluded from reports by default
 * @param resolution         {@code res}, e.g. 1280x1024
 * @param language           first language of {@code lang}
 * @param newVisit           {@code new_visit=1}: the tracker forces a new visit
 * @param visitCount         {@code _idvc}: the tracker's visit count for this visitor, or null
 * @param previousVisitAt    {@code _viewts}: the tracker's previous visit, or null
 */
@RegisterForReflection
public record HitTracked(
        String hitId,
        String siteId,
        Instant time,
        String visitorId,
        String userId,
        HitKind kind,
        String url,
        String pageTitle,
        String section,
        String target,
        String referrerUrl,
        String referrerType,
        String referrerName,
        String eventCategory,
        String eventAction,
        String eventName,
        Double eventValue,
        String contentName,
        String contentPiece,
        String contentInteraction,
        String searchKeyword,
        String deviceType,
        String browser,
        String os,
        boolean bot,
        String resolution,
        String language,
        boolean newVisit,
        Integer visitCount,
        Instant previousVisitAt) {
}
