package io.crowdsurf.alert.domain;

import io.crowdsurf.events.data.Platform;

/** The chat conversation an alert reports to, as in the events' records. */
public record Owner(Platform platform, String botId, String userId, String conversationId) {
}
