package io.crowdsurf.metrics.domain;

/**
 * Where a visit came from, in Matomo's terms.
 *
 * @param type {@link #DIRECT}, {@link #SEARCH}, {@link #WEBSITE} or {@link #CAMPAIGN}
 * @param name search engine name, website host (without {@code www.}) or campaign name (lower case); null for direct
 */
public record Referrer(String type, String name) {

    public static final String DIRECT = "direct";
    public static final String SEARCH = "search";
    public static final String WEBSITE = "website";
    public static final String CAMPAIGN = "campaign";

    static final Referrer NONE = new Referrer(DIRECT, null);
}
