package io.crowdsurf.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;

/**
 * A stand-in for bot-gateway + quiz-service that follows quiz-service's dialogue (welcome + question, correct /
 * wrong, won + choose pool, ticket / sold out) and sends the replies to the bench's Send API stub, so the
 * generator's bookkeeping can be checked without the real stack. {@code duplicateEvery} > 0 sends every n-th
 * fan's first question twice, to prove the duplicate check sees it.
 */
final class FakeStack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient client;
    private final int stubPort;
    private final int duplicateEvery;
    private final Map<String, Object[]> fans = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> chains = new ConcurrentHashMap<>();
    private final AtomicInteger fanCount = new AtomicInteger();
    private JsonNode campaign;
    private final Map<String, Integer> remaining = new LinkedHashMap<>();
    private int issued;

    FakeStack(Vertx vertx, int stubPort, int duplicateEvery) {
        this.vertx = vertx;
        this.stubPort = stubPort;
        this.duplicateEvery = duplicateEvery;
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            try {
                if (path.equals("/api/v1/campaigns") && req.method() == HttpMethod.POST) {
                    campaign = JSON.readTree(body.getBytes());
                    for (JsonNode p : campaign.path("pools")) {
                        remaining.put(p.path("id").asText(), p.path("capacity").asInt());
                    }
                    req.response().setStatusCode(201).end("{\"id\":\"" + campaign.path("id").asText()
                            + "\",\"status\":\"DRAFT\"}");
                } else if (path.endsWith("/open")) {
                    req.response().end("{\"id\":\"" + campaign.path("id").asText() + "\",\"status\":\"OPEN\"}");
                } else if (path.endsWith("/stats")) {
                    StringBuilder pools = new StringBuilder();
                    synchronized (this) {
                        remaining.forEach((id, left) -> pools.append(pools.isEmpty() ? "" : ",")
                                .append("{\"id\":\"").append(id).append("\",\"remaining\":").append(left).append('}'));
                        req.response().end("{\"ticketsIssued\":" + issued + ",\"pools\":[" + pools + "]}");
                    }
                } else if (path.equals("/webhooks/messenger")) {
                    JsonNode item = JSON.readTree(body.getBytes()).path("entry").get(0).path("messaging").get(0);
                    req.response().end("EVENT_RECEIVED");
                    onMessage(item.path("recipient").path("id").asText(), item.path("sender").path("id").asText(),
                            item.path("message").path("quick_reply").path("payload").asText(null));
                } else {
                    req.response().setStatusCode(404).end();
                }
            } catch (Exception e) {
                req.response().setStatusCode(500).end(String.valueOf(e));
            }
        })).listen(0).toCompletionStage().toCompletableFuture().join();
    }

    int port() {
        return server.actualPort();
    }

    private String text(String key) {
        return campaign.path("messages").path(key).asText();
    }

    private synchronized void onMessage(String page, String psid, String payload) {
        String cid = campaign.path("id").asText();
        JsonNode questions = campaign.path("questions");
        List<Object[]> replies = new ArrayList<>(); // {text, List<String[]> choices}
        Object[] fan = fans.get(psid); // {state, k}
        if (fan == null) {
            fan = new Object[] {"ASKING", 0};
            fans.put(psid, fan);
            replies.add(new Object[] {"Hi there, welcome!", List.of()});
            replies.add(question(cid, questions, 0));
            if (duplicateEvery > 0 && fanCount.incrementAndGet() % duplicateEvery == 0) {
                send(page, psid, java.util.Collections.singletonList(turn(replies)));
            }
        } else if ("ASKING".equals(fan[0])) {
            int k = (Integer) fan[1];
            int option = Integer.parseInt(payload.substring(payload.lastIndexOf(':') + 1));
            JsonNode q = questions.get(k);
            boolean right = q.path("accepted").get(0).asText().equals(q.path("options").get(option).asText());
            replies.add(new Object[] {text(right ? "correct" : "wrong"), List.of()});
            if (!right) {
                fan[0] = "LOST";
                replies.add(new Object[] {text("lost"), List.of()});
            } else if (k + 1 == questions.size()) {
                replies.add(new Object[] {text("won"), List.of()});
                offer(cid, fan, replies);
            } else {
                fan[1] = k + 1;
                replies.add(question(cid, questions, k + 1));
            }
        } else if ("CHOOSING".equals(fan[0])) {
            String pool = payload.substring(payload.lastIndexOf(':') + 1);
            if (remaining.get(pool) > 0) {
                remaining.merge(pool, -1, Integer::sum);
                issued++;
                fan[0] = "TICKET";
                replies.add(new Object[] {text("ticket").replace("{pool}", pool).replace("{code}", "C" + issued),
                        List.of()});
            } else {
                replies.add(new Object[] {text("soldOut").replace("{pool}", pool), List.of()});
                offer(cid, fan, replies);
            }
        }
        send(page, psid, java.util.Collections.singletonList(turn(replies)));
    }

    /** As quiz-service answers: one message per turn, its parts separated by a blank line, the last part's buttons. */
    @SuppressWarnings("unchecked")
    private static Object[] turn(List<Object[]> parts) {
        StringBuilder text = new StringBuilder();
        List<String[]> choices = List.of();
        for (Object[] p : parts) {
            text.append(text.isEmpty() ? "" : "\n\n").append(p[0]);
            choices = (List<String[]>) p[1];
        }
        return new Object[] {text.toString(), choices};
    }

    private void offer(String cid, Object[] fan, List<Object[]> replies) {
        List<String[]> choices = new ArrayList<>();
        for (JsonNode p : campaign.path("pools")) {
            if (remaining.get(p.path("id").asText()) > 0) {
                choices.add(new String[] {p.path("name").asText(), "quiz:" + cid + ":pool:" + p.path("id").asText()});
            }
        }
        if (choices.isEmpty()) {
            fan[0] = "SOLD_OUT";
            replies.add(new Object[] {text("soldOut").replace("{pool}", "all"), List.of()});
        } else {
            fan[0] = "CHOOSING";
            replies.add(new Object[] {text("choosePool"), choices});
        }
    }

    private static Object[] question(String cid, JsonNode questions, int k) {
        List<String[]> choices = new ArrayList<>();
        JsonNode options = questions.get(k).path("options");
        for (int i = 0; i < options.size(); i++) {
            choices.add(new String[] {options.get(i).asText(), "quiz:" + cid + ":q" + k + ":" + i});
        }
        return new Object[] {"Question " + (k + 1) + ": " + questions.get(k).path("text").asText(), choices};
    }

    /** Sends one fan's replies in order, after that fan's earlier ones. */
    @SuppressWarnings("unchecked")
    private void send(String page, String psid, List<Object[]> replies) {
        Future<?> chain = chains.getOrDefault(psid, Future.succeededFuture());
        for (Object[] r : replies) {
            Map<String, Object> message = new HashMap<>();
            message.put("text", r[0]);
            List<String[]> choices = (List<String[]>) r[1];
            if (!choices.isEmpty()) {
                message.put("quick_replies", choices.stream()
                        .map(c -> Map.of("content_type", "text", "title", c[0], "payload", c[1])).toList());
            }
            byte[] body;
            try {
                body = JSON.writeValueAsBytes(Map.of("recipient", Map.of("id", psid), "messaging_type", "RESPONSE",
                        "message", message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            chain = chain.transform(ignored -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1").setPort(stubPort).setURI("/v21.0/" + page + "/messages?access_token=t"))
                    .compose(req -> req.send(Buffer.buffer(body)))
                    .compose(resp -> resp.body()));
        }
        chains.put(psid, chain);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
        client.close().toCompletionStage().toCompletableFuture().join();
    }
}
