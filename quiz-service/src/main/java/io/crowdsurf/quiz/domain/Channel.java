package io.crowdsurf.quiz;

import io.crowdsurf.events.data.Platform;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A bot a campaign runs on: the Messenger page, Slack app, Telegram bot or web-chat site.
 * A message belongs to a campaign when its platform and botId match one of the campaign's channels.
 */
@RegisterForReflection
public record Channel(Platform platform, String botId) {

    public boolean matches(Platform p, String bot) {
        return platform == p && botId.equals(bot);
    }
}
