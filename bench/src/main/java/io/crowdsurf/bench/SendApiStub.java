package io.crowdsurf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A stand-in for the Messenger Send API ({@code POST …/{me|PAGE_ID}/messages?access_token=…}) inside the generator.
 * Records every message sent to a fan and answers as Graph does: {@code {"recipient_id","message_id"}}.
 * Sender actions (typing indicators) are answered and counted but are not replies.
 */
public final class SendApiStub implements AutoCloseable {

    /** A quick reply offered to the fan. */
    public record QuickReply(String title, String payload) {
    }

    /** One message bot-gateway sent to a fan. */
    public record Reply(String recipientId, String pageId, String text, List<QuickReply> quickReplies, String raw,
            long atNanos) {
        /** Identity of the reply's content, for spotting the same reply sent twice. */
        public String fingerprint() {
            StringBuilder sb = new StringBuilder(text == null ? "" : text);
            for (QuickReply q : quickReplies) {
                sb.append('\u0001').append(q.payload());
            }
            return sb.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong senderActions = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong missingToken = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private volatile RuntimeException firstListenerError;
    private volatile Consumer<Reply> listener = r -> { };

    public SendApiStub(Vertx vertx, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true));
        server.requestHandler(req -> req.body().onComplete(ar -> {
            long at = System.nanoTime();
            // Graph: POST {graph}/me/messages or {graph}/{PAGE_ID}/messages
            if (ar.failed() || !req.path().endsWith("/messages")) {
                malformed.incrementAndGet();
                req.response().setStatusCode(404).end("{\"error\":{\"message\":\"unknown path\"}}");
                return;
            }
            if (req.getParam("access_token") == null) {
                missingToken.incrementAndGet();
            }
            JsonNode root;
            try {
                root = JSON.readTree(ar.result().getBytes());
            } catch (Exception e) {
                malformed.incrementAndGet();
                req.response().setStatusCode(400).end("{\"error\":{\"message\":\"bad json\"}}");
                return;
            }
            String recipient = root.path("recipient").path("id").asText(null);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("recipient_id", recipient);
            if (root.has("sender_action") && !root.has("message")) {
                senderActions.incrementAndGet();
                req.response().putHeader("Content-Type", "application/json").end(answer.toString());
                return;
            }
            JsonNode message = root.path("message");
            List<QuickReply> quick = new ArrayList<>();
            for (JsonNode q : message.path("quick_replies")) {
                quick.add(new QuickReply(q.path("title").asText(null), q.path("payload").asText(null)));
            }
            long n = replies.incrementAndGet();
            answer.put("message_id", "m_stub_" + n);
            req.response().putHeader("Content-Type", "application/json").end(answer.toString());
            String[] segments = req.path().split("/");
            String page = segments.length >= 2 ? segments[segments.length - 2] : null;
            try {
                listener.accept(new Reply(recipient, page, message.path("text").asText(null), List.copyOf(quick),
                    ar.result().toString(), at));
            } catch (RuntimeException e) {
                listenerErrors.incrementAndGet();
                if (firstListenerError == null) {
                    firstListenerError = e;
                    e.printStackTrace();
                }
            }
        }));
        server.listen().toCompletionStage().toCompletableFuture().join();
    }

    public void onReply(Consumer<Reply> listener) {
        this.listener = listener;
    }

    public int port() {
        return server.actualPort();
    }

    public long replies() {
        return replies.get();
    }

    public long senderActions() {
        return senderActions.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long listenerErrors() {
        return listenerErrors.get();
    }

    public long missingToken() {
        return missingToken.get();
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
