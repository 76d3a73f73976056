package io.crowdsurf.gateway.webchat;

import java.time.Instant;
import java.util.List;

import io.crowdsurf.events.data.Choice;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A bot message as the web chat page receives it over SSE; {@code seq} is the SSE event id. */
@RegisterForReflection
public record WebChatReply(long seq, String replyId, String text, List<Choice> choices, Instant at) {
}
