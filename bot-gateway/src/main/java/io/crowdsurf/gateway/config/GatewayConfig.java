package io.crowdsurf.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * bot-gateway's settings. Each channel is enabled only when its secret is set: a channel without a
 * secret answers 404 rather than accepting unsigned traffic. application.properties maps the
 * documented environment variables (MESSENGER_APP_SECRET, SLACK_SIGNING_SECRET, ...) onto these names.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Messenger messenger();

    Slack slack();

    Telegram telegram();

    WebChat webchat();

    Outbound outbound();

    /**
     * What this process does: {@code webhooks} (Messenger, Slack and Telegram webhooks: verify, publish, ack) and/or
     * {@code replies} (the chat.reply.requested function, its ledger, and the web chat, whose replies are pushed
     * from the memory of the process that sends them). Both by default; one each lets the same artifact run as two
     * processes (or Knative Services) that scale apart. A path of a role this process does not have answers 404.
     */
    @WithDefault("webhooks,replies")
    List<String> roles();

    /** Inbound webhooks remember this many recently published message ids to drop platform retries early. */
    @WithDefault("100000")
    int recentIdCapacity();

    interface Messenger {
        /** App secret that signs webhooks (X-Hub-Signature-256); unset disables the channel. */
        Optional<String> appSecret();

        /** Token Meta echoes in the GET verification handshake. */
        Optional<String> verifyToken();

        /** Page access token for the Send API. */
        Optional<String> pageToken();

        /** Graph API base URL including the version. */
        @WithDefault("https://graph.facebook.com/v21.0")
        String graphUrl();

        /** Send API budget per page (Meta allows about 300 calls/s per page). */
        @WithDefault("250")
        double perPageRate();

        /** Messenger accepts RESPONSE messages only this long after the fan's last message. */
        @WithDefault("24h")
        Duration responseWindow();
    }

    interface Slack {
        /** Signing secret for the v0 request signature; unset disables the channel. */
        Optional<String> signingSecret();

        /** Bot token (xoxb-...) for chat.postMessage. */
        Optional<String> botToken();

        /** Slack Web API base URL. */
        @WithDefault("https://slack.com/api")
        String apiUrl();

        /** Requests signed longer ago (or further ahead) than this are replays and are rejected. */
        @WithDefault("5m")
        Duration maxClockSkew();

        /**
         * response_url values must start with one of these. The URL travels inside events, so this keeps a
         * forged event from turning the gateway into a proxy to arbitrary hosts.
         */
        @WithDefault("https://hooks.slack.com/")
        List<String> responseUrlPrefixes();

        /** chat.postMessage budget per channel (Slack: about one message per second). */
        @WithDefault("1")
        double perChannelRate();
    }

    interface Telegram {
        /** Secret that Telegram sends in X-Telegram-Bot-Api-Secret-Token; unset disables the channel. */
        Optional<String> secretToken();

        /** Bot token from @BotFather ("123456:ABC..."). Its numeric prefix is the bot id. */
        Optional<String> botToken();

        /** Bot id used in conversation ids when no bot token is configured. */
        @WithDefault("bot")
        String defaultBotId();

        /** Bot API base URL. */
        @WithDefault("https://api.telegram.org")
        String apiUrl();

        /** sendMessage budget per chat (Telegram: about one message per second). */
        @WithDefault("1")
        double perChatRate();

        /** sendMessage budget for the whole bot (Telegram: about 30 messages per second). */
        @WithDefault("30")
        double globalRate();
    }

    interface WebChat {
        /** Replies kept per session so a reloaded page (or a reconnecting stream) still shows them. */
        @WithDefault("50")
        int historySize();

        /** Sessions idle longer than this are forgotten. */
        @WithDefault("30m")
        Duration sessionIdle();

        /** Comment lines on open streams keep proxies from closing them. */
        @WithDefault("15s")
        Duration keepAlive();

        /**
         * Messages per second one session (site + sessionId) may send after its burst; more is refused with 429
         * and Retry-After. A fan answering a quiz sends about one message per question.
         */
        @WithDefault("1")
        double sessionRate();

        /** Messages one session may send at once before sessionRate applies. */
        @WithDefault("10")
        int sessionBurst();

        /**
         * Messages per second one client (remote address; behind a proxy enable
         * quarkus.http.proxy.proxy-address-forwarding) may send after its burst, all its sessions together.
         * Generous because many fans share one address behind a venue's Wi-Fi or a carrier's NAT.
         */
        @WithDefault("50")
        double clientRate();

        /** Messages one client may send at once before clientRate applies. */
        @WithDefault("200")
        int clientBurst();

        /** Sessions and clients tracked by the limits at most (memory bound); beyond it new ones wait. */
        @WithDefault("100000")
        int limitKeys();
    }

    interface Outbound {
        /** Attempts per reply within one delivery of the event, the first included. */
        @WithDefault("4")
        int maxAttempts();

        /** First backoff after a 429/5xx without Retry-After; doubles each time. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Ceiling for one backoff. */
        @WithDefault("5s")
        Duration maxBackoff();

        /**
         * Total time one delivery may spend retrying. A Retry-After beyond it makes the function give up
         * the delivery (the broker retries the event later) instead of holding a worker thread.
         */
        @WithDefault("20s")
        Duration retryBudget();

        /** Timeout of one platform API call. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * A claim not renewed for this long belongs to a delivery that died mid-send (crash, kill); another
         * delivery may take it over. The owner renews it every third of the lease while it sends, so the
         * lease need not cover retryBudget; it must stay well inside the Trigger's delivery window
         * (k8s/base/triggers/bot-gateway--chat-reply-requested.yaml: retry 8, exponential 0.5 s, about 2 min)
         * so that a redelivery after a crash still finds the claim expired.
         */
        @WithDefault("15s")
        Duration claimLease();

        /**
         * Width of one reply-ledger bucket (one MongoDB collection, dropped whole once expired). A reply's bucket is
         * its requesting event's time, so every redelivery of the event finds its claim however late it comes.
         */
        @WithDefault("1h")
        Duration ledgerBucket();

        /**
         * How long the ledger remembers a reply: duplicate suppression holds for redeliveries up to this old (the
         * Trigger's own window is about 2 min; this also covers broker replays after a restart and DLQ replays made
         * the same day). Buckets that ended longer ago than this are dropped.
         */
        @WithDefault("24h")
        Duration ledgerRetention();
    }
}
