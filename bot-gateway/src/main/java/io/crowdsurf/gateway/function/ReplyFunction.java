package io.crowdsurf.gateway.function;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.gateway.outbound.ReplySender;
import io.quarkus.funqy.Funq;

/**
 * Consumer of {@code com.crowdsurf.chat.reply.requested} (Trigger bot-gateway--chat-reply-requested,
 * delivered in binary HTTP mode to {@code /}). Returns nothing: the outcome events are published to
 * Kafka directly. An exception answers 500 and the broker redelivers (see {@link ReplySender}).
 */
public class ReplyFunction {

    private final ReplySender sender;

    public ReplyFunction(ReplySender sender) {
        this.sender = sender;
    }

    @Funq
    public void chatReplyRequested(ChatReplyRequested reply) {
        sender.handle(reply);
    }
}
