package io.crowdsurf.gateway.webchat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.gateway.config.GatewayConfig;

/**
 * Open web chat streams and each session's recent bot messages. A reply is kept even when no page is
 * connected, and replayed after the SSE Last-Event-ID, so a reload or a dropped connection loses
 * nothing. In memory: web chat is the local demo channel; several replicas would need sticky
 * sessions or a shared store (see README).
 */
@ApplicationScoped
public class WebChatHub {

    private static final Logger LOG = Logger.getLogger(WebChatHub.class);

    private record Stream(SseEventSink sink, Sse sse) {
    }

    private static final class Session {
        final Deque<WebChatReply> history = new ArrayDeque<>();
        final List<Stream> streams = new CopyOnWriteArrayList<>();
        volatile Instant lastActive;

        Session(Instant now) {
            this.lastActive = now;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    // Starts from the clock so ids keep growing across restarts: a page that saw id N ignores ids <= N.
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final GatewayConfig.WebChat config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("webchat-keepalive").factory());

    public WebChatHub(GatewayConfig config, ObjectMapper mapper, Clock clock) {
        this.config = config.webchat();
        this.mapper = mapper;
        this.clock = clock;
        long every = this.config.keepAlive().toMillis();
        ticker.scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
    }

    /** Records a bot message for a conversation and pushes it to every open stream of it. */
    public WebChatReply push(String conversationId, ChatReplyRequested reply) {
        WebChatReply message = new WebChatReply(seq.incrementAndGet(), reply.replyId(), reply.text(), reply.choices(),
                clock.instant());
        Session session = session(conversationId);
        synchronized (session.history) {
            session.history.addLast(message);
            while (session.history.size() > config.historySize()) {
                session.history.removeFirst();
            }
        }
        session.streams.forEach(s -> send(session, s, message));
        return message;
    }

    /** Attaches a stream, first replaying what it has not seen (all history without a Last-Event-ID). */
    public void subscribe(String conversationId, SseEventSink sink, Sse sse, long lastSeenSeq) {
        Session session = session(conversationId);
        Stream stream = new Stream(sink, sse);
        sink.send(sse.newEventBuilder().comment("connected").build());
        List<WebChatReply> missed;
        synchronized (session.history) {
            missed = session.history.stream().filter(m -> m.seq() > lastSeenSeq).toList();
            // Added under the same lock as push() appends, so no message falls between replay and live.
            session.streams.add(stream);
        }
        missed.forEach(m -> send(session, stream, m));
    }

    public int openStreams(String conversationId) {
        Session s = sessions.get(conversationId);
        return s == null ? 0 : s.streams.size();
    }

    private Session session(String conversationId) {
        Session s = sessions.computeIfAbsent(conversationId, k -> new Session(clock.instant()));
        s.lastActive = clock.instant();
        return s;
    }

    private void send(Session session, Stream stream, WebChatReply message) {
        if (stream.sink().isClosed()) {
            session.streams.remove(stream);
            return;
        }
        OutboundSseEvent event;
        try {
            event = stream.sse().newEventBuilder().id(Long.toString(message.seq())).name("reply")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(mapper.writeValueAsString(message)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize web chat reply", e);
        }
        stream.sink().send(event).whenComplete((ok, error) -> {
            if (error != null) {
                session.streams.remove(stream);
            }
        });
    }

    private void keepAlive() {
        try {
            Instant idleBefore = clock.instant().minus(config.sessionIdle());
            sessions.values().removeIf(s -> s.streams.isEmpty() && s.lastActive.isBefore(idleBefore));
            for (Session s : sessions.values()) {
                for (Stream stream : s.streams) {
                    if (stream.sink().isClosed()) {
                        s.streams.remove(stream);
                    } else {
                        stream.sink().send(stream.sse().newEventBuilder().comment("keep-alive").build())
                                .whenComplete((ok, error) -> {
                                    if (error != null) {
                                        s.streams.remove(stream);
                                    }
                                });
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("web chat keep-alive failed", e);
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        sessions.values().forEach(s -> s.streams.forEach(stream -> stream.sink().close()));
    }
}
