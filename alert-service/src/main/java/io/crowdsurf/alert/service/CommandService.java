package io.crowdsurf.alert.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.alert.messaging.AlertEvents;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatReplyRequested;

/**
 * Answers {@code /alerts} with the owner's personal form link. The reply id derives from the command's event
 * id, so a redelivered command is answered once (bot-gateway sends once per replyId).
 */
@ApplicationScoped
public class CommandService {

    private static final Logger LOG = Logger.getLogger(CommandService.class);

    private final LinkTokens tokens;
    private final AlertEvents events;
    private final AlertConfig config;

    public CommandService(LinkTokens tokens, AlertEvents events, AlertConfig config) {
        this.tokens = tokens;
        this.events = events;
        this.config = config;
    }

    /** @return false when the command is not {@code /alerts} (ignored) */
    public boolean onCommand(ChatCommandReceived command, String eventId) {
        if (!"alerts".equals(CrowdsurfEvents.commandName(command.command()))) {
            LOG.debugf("command %s (%s) is not /alerts: ignored", eventId, command.command());
            return false;
        }
        String text;
        if (tokens.enabled()) {
            String token = tokens.issue(new Owner(command.platform(), command.botId(), command.userId(),
                    command.conversationId()));
            String base = config.publicUrl().replaceAll("/+$", "");
            text = "Your photo alerts: " + base + "/alerts?t=" + token + " — create one at " + base + "/alerts/new?t="
                    + token + " (the link is yours alone and works for " + config.linkTtl().toHours() + " h).";
        } else {
            text = "Photo alerts are not set up on this bot yet (no link signing key).";
        }
        events.publish(List.of(events.reply(new ChatReplyRequested(eventId + ":alerts-link", command.platform(),
                command.botId(), command.userId(), command.conversationId(), text, List.of(), command.responseUrl(),
                command.platformTimestamp(), null))));
        return true;
    }
}
