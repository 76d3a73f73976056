package io.crowdsurf.gateway.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.runtime.messaging.EventNotDurableException;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * Turns what fans sent into {@code chat.message.received} / {@code chat.command.received} CloudEvents and
 * returns only once Kafka acknowledged them (a webhook may answer 200 only after that).
 *
 * <p>Dedupe: the CloudEvent id is {@code <platform>:<platform message id>}, so every retry of a
 * message carries the same id and consumers, idempotent by id, apply it once. On top of that a small
 * in-memory set of ids published recently lets a retry skip Kafka altogether. An id enters the set only
 * after Kafka acknowledged it: a retry racing the first attempt may publish a second copy (same id,
 * harmless), but a retry never gets 200 for a message that is not durable.
 *
 * @throws EventNotDurableException (from the publish methods) when Kafka cannot take the events in time
 */
@ApplicationScoped
public class InboundPublisher {

    private static final Logger LOG = Logger.getLogger(InboundPublisher.class);

    private final EventPublisher publisher;
    private final RecentIds recent;
    private final GatewayMetrics metrics;

    public InboundPublisher(EventPublisher publisher, GatewayConfig config, GatewayMetrics metrics) {
        this.publisher = publisher;
        this.recent = new RecentIds(config.recentIdCapacity());
        this.metrics = metrics;
    }

    public static String source(Platform platform) {
        return EventSources.of(platform);
    }

    public static String eventId(Platform platform, String messageId) {
        return platform.id() + ":" + messageId;
    }

    /**
     * Publishes the messages not published recently; returns how many went to Kafka. A text that begins with
     * one of {@link #TEXT_COMMANDS} (Messenger and the web chat have no slash commands; Telegram's bot commands
     * arrive as text) is published as {@code chat.command.received} instead, like a Slack slash command.
     */
    public int publishMessages(List<ChatMessageReceived> messages) {
        List<CloudEvent> events = new ArrayList<>(messages.size());
        for (ChatMessageReceived m : messages) {
            var command = textCommand(m);
            events.add(command.isPresent() ? commandEvent(command.get())
                    : CrowdsurfEvents.build(EventType.CHAT_MESSAGE_RECEIVED, eventId(m.platform(), m.messageId()),
                            source(m.platform()), m.conversationId(), m.conversationId(), m));
        }
        return counted(messages.isEmpty() ? null : messages.get(0).platform(), events.size(), publishFresh(events));
    }

    public int publishCommand(ChatCommandReceived command) {
        return counted(command.platform(), 1, publishFresh(List.of(commandEvent(command))));
    }

    /** Commands typed as text that become {@code chat.command.received} (the name, without the slash). */
    static final java.util.Set<String> TEXT_COMMANDS = java.util.Set.of("alerts");

    /** The message as a command when its text is {@code /alerts}, {@code /alerts more}, {@code /alerts@Bot}. */
    static java.util.Optional<ChatCommandReceived> textCommand(ChatMessageReceived m) {
        String text = m.text() == null ? "" : m.text().strip();
        if (m.choice() != null || !text.startsWith("/")) {
            return java.util.Optional.empty();
        }
        String[] parts = text.split("\\s+", 2);
        String name = CrowdsurfEvents.commandName(parts[0]);
        if (!TEXT_COMMANDS.contains(name)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ChatCommandReceived(m.platform(), m.botId(), m.userId(), m.conversationId(),
                m.messageId(), "/" + name, parts.length > 1 ? parts[1] : "", null, m.platformTimestamp()));
    }

    /** With the {@code crowdsurfcommand} extension, which each consumer's Trigger filters on. */
    private static CloudEvent commandEvent(ChatCommandReceived command) {
        CloudEvent event = CrowdsurfEvents.build(EventType.CHAT_COMMAND_RECEIVED,
                eventId(command.platform(), command.commandId()), source(command.platform()), command.conversationId(),
                command.conversationId(), command);
        return io.cloudevents.core.builder.CloudEventBuilder.v1(event)
                .withExtension(CrowdsurfEvents.COMMAND, CrowdsurfEvents.commandName(command.command())).build();
    }

    private int counted(Platform platform, int total, int published) {
        if (platform != null) {
            metrics.inbound(platform, "published", published);
            metrics.inbound(platform, "duplicate", total - published);
        }
        return published;
    }

    private int publishFresh(List<CloudEvent> events) {
        List<CloudEvent> fresh = new ArrayList<>(events.size());
        for (CloudEvent e : events) {
            // Also drops a duplicate inside one batch (Messenger may batch a redelivery with new items).
            if (!recent.contains(e.getId()) && fresh.stream().noneMatch(f -> f.getId().equals(e.getId()))) {
                fresh.add(e);
            } else if (LOG.isDebugEnabled()) {
                LOG.debugf("skipping %s: published recently", e.getId());
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        publisher.publishAll(fresh);
        fresh.forEach(e -> recent.add(e.getId()));
        return fresh.size();
    }
}
