package io.crowdsurf.metrics.domain;

import java.util.Locale;

/**
 * The dimension tables of a rollup. Visit-level tables hold one row per visit attribute (fixed at the visit's
 * first hit) with the visit metrics; action-level tables hold one row per value with hits and the number of
 * visits that had it. Every row is further split by the visit's {@link Combo}, which is what lets a segment on
 * visitorType, deviceType or referrerType be answered exactly from rollups.
 */
public enum Table {
    VISIT(true), REFERRER_TYPE(true), REFERRER_NAME(true), DEVICE_TYPE(true), BROWSER(true), VISITOR_TYPE(true),
    PAGE_URL(false), PAGE_TITLE(false), SECTION(false), DOWNLOAD(false), OUTLINK(false),
    EVENT_CATEGORY(false), EVENT_ACTION(false), EVENT_NAME(false), CONTENT_NAME(false), CONTENT_PIECE(false);

    private final boolean visitLevel;
    private final String field;

    Table(boolean visitLevel) {
        this.visitLevel = visitLevel;
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        this.field = b.toString();
    }

    public boolean visitLevel() {
        return visitLevel;
    }

    /** The field name in a rollup document and the dimension name in segments ({@code pageUrl}, ...). */
    public String field() {
        return field;
    }

    public static Table ofField(String field) {
        for (Table t : values()) {
            if (t.field.equals(field)) {
                return t;
            }
        }
        return null;
    }
}
