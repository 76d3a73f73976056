package io.crowdsurf.metrics.rest;

import java.util.Map;

/**
 * A result keyed by period or by site, as Matomo answers lastN, A,B or several sites:
 * {@code {"2026-11-01": {...}, "2026-11-02": {...}}}. {@code attribute} is the XML attribute and CSV column of
 * the key ({@code date} or {@code idSite}).
 */
record Keyed(String attribute, Map<String, Object> entries) {
}
