package io.crowdsurf.gateway.inbound;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.ConversationId;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

import static io.crowdsurf.gateway.inbound.JsonBodies.text;

/**
 * Reads Slack's Events API callbacks ({@code message}, {@code app_mention}), slash commands and
 * interactive button clicks ({@code block_actions}). A Slack message is identified by channel + ts,
 * so the {@code message} and {@code app_mention} events of one message, and every retry of either,
 * share one message id.
 */
public final class SlackParser {

    private static final Pattern LEADING_MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+>\\s*");

    private SlackParser() {
    }

    public static Optional<ChatMessageReceived> event(JsonNode root) {
        JsonNode event = root.get("event");
        String teamId = Optional.ofNullable(text(root, "team_id")).orElse(text(event, "team"));
        if (event == null || !event.isObject() || teamId == null) {
            return Optional.empty();
        }
        String type = text(event, "type");
        boolean fromFan = ("message".equals(type) && text(event, "subtype") == null || "app_mention".equals(type))
                // Our own posts come back as events too: answering them would loop.
                && text(event, "bot_id") == null;
        String user = text(event, "user");
        String channel = text(event, "channel");
        String ts = text(event, "ts");
        if (!fromFan || user == null || channel == null || ts == null) {
            return Optional.empty();
        }
        String text = text(event, "text");
        if (text != null && "app_mention".equals(type)) {
            text = LEADING_MENTION.matcher(text).replaceFirst("");
        }
        return Optional.of(message(teamId, channel, user, channel + ":" + ts, text, null, slackTime(ts)));
    }

    public static ChatCommandReceived command(Map<String, String> form) {
        String teamId = FormBody.required(form, "team_id");
        String channel = FormBody.required(form, "channel_id");
        String user = FormBody.required(form, "user_id");
        String command = FormBody.required(form, "command");
        // trigger_id is unique per invocation; a retried request repeats it.
        String commandId = FormBody.required(form, "trigger_id");
        String conversation = ConversationId.of(Platform.SLACK, teamId, channel).toString();
        return new ChatCommandReceived(Platform.SLACK, teamId, user, conversation, commandId, command,
                form.getOrDefault("text", ""), form.get("response_url"), null);
    }

    /** A tapped button of a message we sent: its value is the choice payload. */
    public static Optional<ChatMessageReceived> action(JsonNode payload) {
        if (!"block_actions".equals(text(payload, "type"))) {
            return Optional.empty();
        }
        JsonNode actions = payload.get("actions");
        JsonNode first = actions != null && actions.isArray() && !actions.isEmpty() ? actions.get(0) : null;
        String teamId = text(payload, "team", "id");
        String user = text(payload, "user", "id");
        String channel = Optional.ofNullable(text(payload, "channel", "id"))
                .orElse(text(payload, "container", "channel_id"));
        String actionTs = text(first, "action_ts");
        if (first == null || teamId == null || user == null || channel == null || actionTs == null) {
            throw new ProblemException(Problem.invalid("payload", "block_actions needs team, user, channel and actions"));
        }
        return Optional.of(message(teamId, channel, user, "action:" + channel + ":" + user + ":" + actionTs,
                text(first.get("text"), "text"), text(first, "value"), slackTime(actionTs)));
    }

    private static ChatMessageReceived message(String teamId, String channel, String user, String messageId,
            String text, String choice, Instant at) {
        String conversation = ConversationId.of(Platform.SLACK, teamId, channel).toString();
        return new ChatMessageReceived(Platform.SLACK, teamId, user, conversation, messageId, text, choice, null, null,
                at);
    }

    /** Slack timestamps are seconds with a microsecond fraction ("1355517523.000005"). */
    private static Instant slackTime(String ts) {
        try {
            BigDecimal seconds = new BigDecimal(ts);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
