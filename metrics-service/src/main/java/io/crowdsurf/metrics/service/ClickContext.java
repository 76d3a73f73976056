package io.crowdsurf.metrics.service;

/** What the redirect request tells about the click; any part may be null. */
public record ClickContext(String clientIp, String userAgent, String referrer, String acceptLanguage) {
}
