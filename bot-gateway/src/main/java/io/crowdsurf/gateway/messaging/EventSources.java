package io.crowdsurf.gateway.messaging;

import io.crowdsurf.events.Service;
import io.crowdsurf.events.data.Platform;

/** bot-gateway's CloudEvent {@code source}s: its service source with the platform, {@code /crowdsurf/bot-gateway/<platform>}. */
public final class EventSources {

    private EventSources() {
    }

    public static String of(Platform platform) {
        return Service.BOT_GATEWAY.source() + "/" + platform.id();
    }
}
