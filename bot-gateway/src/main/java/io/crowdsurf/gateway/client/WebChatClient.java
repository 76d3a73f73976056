package io.crowdsurf.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.SendResult;

/** Web chat "API": the reply goes to the session's open streams and its replay history. */
@ApplicationScoped
public class WebChatClient implements PlatformClient {

    private final WebChatHub hub;

    public WebChatClient(WebChatHub hub) {
        this.hub = hub;
    }

    @Override
    public Platform platform() {
        return Platform.WEBCHAT;
    }

    @Override
    public void awaitRateLimit(ConversationId conversation) {
        // Our own page: no third-party limit to respect.
    }

    @Override
    public SendResult send(ChatReplyRequested reply, ConversationId conversation) {
        return new SendResult.Delivered("webchat:" + hub.push(conversation.toString(), reply).seq());
    }
}
