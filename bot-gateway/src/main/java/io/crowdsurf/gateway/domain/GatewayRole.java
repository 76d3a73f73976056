package io.crowdsurf.gateway.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one bot-gateway process does ({@code gateway.roles}, {@code GATEWAY_ROLES}): the same artifact runs both
 * roles (the default) or one each, as two processes or two Knative Services of the same image.
 */
public enum GatewayRole {
    /** Messenger, Slack and Telegram webhooks: verify, publish {@code chat.*.received}, acknowledge. */
    WEBHOOKS,
    /** The {@code chat.reply.requested} function, its ledger, and the web chat (its replies live in this memory). */
    REPLIES;

    /** @throws IllegalArgumentException for an unknown name or an empty list, so a typo fails at start-up */
    public static Set<GatewayRole> parse(List<String> names) {
        EnumSet<GatewayRole> roles = EnumSet.noneOf(GatewayRole.class);
        for (String name : names) {
            String n = name.strip().toUpperCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            try {
                roles.add(valueOf(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown gateway role '" + name.strip()
                        + "' (gateway.roles / GATEWAY_ROLES takes webhooks, replies or both)");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("gateway.roles / GATEWAY_ROLES names no role: use webhooks, replies or both");
        }
        return roles;
    }

    /** The role a request path belongs to, or null for paths every process serves (health, metrics, OpenAPI). */
    public static GatewayRole of(String path) {
        if (path.startsWith("/webhooks/")) {
            return WEBHOOKS;
        }
        if (path.equals("/") || path.equals("/chatReplyRequested") || path.equals("/chat") || path.startsWith("/chat/")) {
            return REPLIES;
        }
        return null;
    }
}
