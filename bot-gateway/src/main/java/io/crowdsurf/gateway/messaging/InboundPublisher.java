package io.crowdsurf.gateway.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
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
        return EventPublisher.await(publishMessagesAsync(messages));
    }

    /**
     * {@link #publishMessages} without a waiting thread: completes once Kafka acknowledged every fresh message, fails
     * with {@link EventNotDurableException} otherwise. Each message becomes its record directly (its JSON written
     * once by {@link ChatMessageJson}, signed, {@code KafkaCodec.binaryRecord}), with no CloudEvent object in between.
     */
    public CompletableFuture<Integer> publishMessagesAsync(List<ChatMessageReceived> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> ids = new ArrayList<>(messages.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(messages.size());
        for (ChatMessageReceived m : messages) {
            var command = textCommand(m);
            String id = eventId(m.platform(), command.isPresent() ? command.get().commandId() : m.messageId());
            // Also drops a duplicate inside one batch (Messenger may batch a redelivery with new items).
            if (recent.contains(id) || ids.contains(id)) {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("skipping %s: published recently", id);
                }
                continue;
            }
            ids.add(id);
            records.add(command.isPresent() ? commandRecord(id, command.get(), now)
                    : publisher.record(EventType.CHAT_MESSAGE_RECEIVED, id, source(m.platform()), m.conversationId(),
                            m.conversationId(), now, ChatMessageJson.write(m)));
        }
        Platform platform = messages.get(0).platform();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(counted(platform, messages.size(), 0));
        }
        return publisher.sendAllAsync(records).thenApply(acked -> {
            // Only once durable: a retry never gets 200 for a message that is not in Kafka.
            ids.forEach(recent::add);
            return counted(platform, messages.size(), ids.size());
        });
    }

    /** True when {@link #publishMessagesAsync} will not block the calling thread (see EventPublisher#sendsWithoutBlocking). */
    public boolean sendsWithoutBlocking() {
        return publisher.sendsWithoutBlocking();
    }

    public int publishCommand(ChatCommandReceived command) {
        String id = eventId(command.platform(), command.commandId());
        if (recent.contains(id)) {
            return counted(command.platform(), 1, 0);
        }
        publisher.sendAll(List.of(commandRecord(id, command, OffsetDateTime.now(ZoneOffset.UTC))));
        recent.add(id);
        return counted(command.platform(), 1, 1);
    }

    /** Commands typed as text that become {@code chat.command.received} (the name, without the slash). */
    static final Set<String> TEXT_COMMANDS = Set.of("alerts", "stats");

    /** The message as a command when its text is {@code /alerts}, {@code /alerts more}, {@code /alerts@Bot}. */
    static Optional<ChatCommandReceived> textCommand(ChatMessageReceived m) {
        String text = m.text() == null ? "" : m.text().strip();
        if (m.choice() != null || !text.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\s+", 2);
        String name = CrowdsurfEvents.commandName(parts[0]);
        if (!TEXT_COMMANDS.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(new ChatCommandReceived(m.platform(), m.botId(), m.userId(), m.conversationId(),
                m.messageId(), "/" + name, parts.length > 1 ? parts[1] : "", null, m.platformTimestamp()));
    }

    /** With the {@code crowdsurfcommand} extension, which each consumer's Trigger filters on. */
    private ProducerRecord<String, byte[]> commandRecord(String id, ChatCommandReceived command, OffsetDateTime now) {
        return publisher.record(EventType.CHAT_COMMAND_RECEIVED, id, source(command.platform()), command.conversationId(),
                command.conversationId(), now, EventJson.write(command), CrowdsurfEvents.COMMAND,
                CrowdsurfEvents.commandName(command.command()));
    }

    private int counted(Platform platform, int total, int published) {
        if (platform != null) {
            metrics.inbound(platform, "published", published);
            metrics.inbound(platform, "duplicate", total - published);
        }
        return published;
    }
}
