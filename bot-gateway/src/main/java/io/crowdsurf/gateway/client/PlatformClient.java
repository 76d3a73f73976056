package io.crowdsurf.gateway.client;

import io.crowdsurf.events.data.ChatReplyRequested;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.ConversationId;
import io.crowdsurf.gateway.domain.SendResult;

/** One platform's send API. Implementations make exactly one call per {@link #send}; retries are the caller's. */
public interface PlatformClient {

    Platform platform();

    /** Waits for this platform's rate limits for this conversation, then returns. */
    void awaitRateLimit(ConversationId conversation) throws InterruptedException;

    SendResult send(ChatReplyRequested reply, ConversationId conversation);
}
