package io.crowdsurf.metrics.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.config.StatsConfig;
import io.crowdsurf.metrics.domain.MemberRollup;
import io.crowdsurf.metrics.domain.TicketRollup;
import io.crowdsurf.metrics.persistence.StatsRepository;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * Answers {@code /stats} commands with a {@code chat.reply.requested} on the command's channel (Slack: through its
 * {@code response_url}, which bot-gateway uses when present). Other commands are not ours (alert-service answers
 * {@code /alerts}) and are ignored. The reply id is derived from the command's event id, so a redelivered command
 * is answered once (bot-gateway sends each reply id once).
 */
@ApplicationScoped
public class StatsCommands {

    private static final Logger LOG = Logger.getLogger(StatsCommands.class);
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final StatsRepository stats;
    private final TrafficStats traffic;
    private final EventPublisher publisher;
    private final StatsConfig config;
    private final String source;

    public StatsCommands(StatsRepository stats, TrafficStats traffic, EventPublisher publisher, StatsConfig config,
            MetricsConfig metrics) {
        this.stats = stats;
        this.traffic = traffic;
        this.publisher = publisher;
        this.config = config;
        this.source = metrics.eventSource();
    }

    /** @return true when a reply was published (false: not a /stats command) */
    public boolean onCommand(ChatCommandReceived command, String eventId) {
        if (command.platform() == null || command.conversationId() == null) {
            throw new PoisonEventException("chat.command.received needs platform and conversationId");
        }
        if (!"stats".equals(CrowdsurfEvents.commandName(command.command()))) {
            LOG.debugf("command %s (%s) is not /stats: ignored", eventId, command.command());
            return false;
        }
        String text = allowed(command) ? answer(command.text(), Instant.now())
                : "Sorry, /stats is not enabled for this workspace or user.";
        String replyId = "metrics-stats:" + eventId;
        ChatReplyRequested reply = new ChatReplyRequested(replyId, command.platform(), command.botId(),
                command.userId(), command.conversationId(), text, List.of(), command.responseUrl(),
                command.platformTimestamp(), null);
        publisher.publish(CrowdsurfEvents.build(EventType.CHAT_REPLY_REQUESTED, replyId, source,
                command.conversationId(), command.conversationId(), reply));
        return true;
    }

    boolean allowed(ChatCommandReceived c) {
        return matches(config.allowedWorkspaces(), c.botId()) && matches(config.allowedUsers(), c.userId());
    }

    private static boolean matches(List<String> allowed, String id) {
        return allowed.contains("*") || (id != null && allowed.contains(id));
    }

    /** The answer to {@code /stats <text>}. */
    public String answer(String text, Instant now) {
        String[] words = text == null ? new String[0] : text.strip().split("\\s+");
        String sub = words.length == 0 ? "" : words[0].toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "members" -> members(stats.members(), now, config.topReferrals());
            case "tickets" -> tickets(stats.tickets());
            case "traffic" -> traffic.answer(words.length > 1 ? words[1] : null, words.length > 2 ? words[2] : null);
            default -> help();
        };
    }

    static String help() {
        return """
                /stats members — fans the bots have talked to, referrals and top codes, the newest fan
                /stats tickets — tickets awarded and checked in, per campaign and pool
                /stats traffic [site] [today|yesterday|week|month|lastN] — visits, actions and the top section""";
    }

    static String members(MemberRollup m, Instant now, int top) {
        if (m.fans() == 0) {
            return "No fans yet: nobody has written to the bots.";
        }
        StringBuilder b = new StringBuilder();
        b.append("Fans talked to: ").append(m.fans());
        if (!m.platforms().isEmpty()) {
            b.append(" (").append(m.platforms().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append(')');
        }
        b.append("\nCame through a referral: ").append(m.referred());
        if (!m.referrals().isEmpty()) {
            b.append(" — top codes: ").append(m.referrals().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(top).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (m.lastFanAt() != null) {
            b.append("\nMost recent fan: ").append(m.lastFanName() == null ? "(no name given)" : m.lastFanName())
                    .append(" on ").append(m.lastFanPlatform()).append(", joined ").append(WHEN.format(m.lastFanAt()))
                    .append(" (").append(ago(Duration.between(m.lastFanAt(), now))).append(')');
        }
        return b.toString();
    }

    static String tickets(TicketRollup t) {
        if (t.awarded() == 0 && t.checkedIn() == 0) {
            return "No tickets awarded yet.";
        }
        StringBuilder b = new StringBuilder();
        b.append("Tickets awarded: ").append(t.awarded()).append(", checked in: ").append(t.checkedIn());
        t.pools().stream().sorted(Comparator.comparing(TicketRollup.Pool::campaignId)
                .thenComparing(TicketRollup.Pool::poolId)).forEach(p -> b.append("\n• ").append(p.campaignId())
                        .append(" / ").append(p.poolName() != null ? p.poolName() : p.poolId()).append(": ")
                        .append(p.awarded()).append(" awarded, ").append(p.checkedIn()).append(" checked in"));
        return b.toString();
    }

    static String ago(Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days ago";
    }
}
