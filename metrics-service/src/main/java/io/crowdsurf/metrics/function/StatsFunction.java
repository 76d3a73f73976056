package io.crowdsurf.metrics.function;

import java.io.IOException;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.QuizTicketAwarded;
import io.crowdsurf.events.data.QuizTicketCheckedIn;
import io.crowdsurf.metrics.service.StatsCommands;
import io.crowdsurf.metrics.service.StatsRollups;
import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/**
 * metrics-service's CloudEvent consumers, delivered by the Broker's Triggers to {@code POST /}: one handler per
 * consumed type. Not Funqy: part 1 left Funqy out of this service (its global body handler would buffer the
 * streamed CSV import), so this is a plain endpoint behind the runtime's {@code CloudEventGuard} (the body of
 * {@code POST /} alone is buffered for it, see {@link CloudEventBody}), which refuses with 400 whatever is not a
 * well-formed CloudEvent of a type this service consumes, before this runs.
 *
 * <p>Answers: 204 handled (a duplicate too); 400 from the guard for what is not a CloudEvent of a consumed type with
 * JSON-object data; 500 for poison (data that does not deserialize, required fields missing — retried, then
 * dead-lettered, as the project's error policy says); 503 Kafka away while publishing a reply, 500 MongoDB away —
 * both retried.
 */
@Path("/")
public class StatsFunction {

    private final StatsCommands commands;
    private final StatsRollups rollups;
    private final ObjectMapper json;
    /** With a signing key and require-signature: only events produced inside Crowdsurf are taken. */
    private final Optional<String> verifyKey;

    public StatsFunction(StatsCommands commands, StatsRollups rollups, ObjectMapper json, EventsConfig events) {
        this.commands = commands;
        this.rollups = rollups;
        this.json = json;
        this.verifyKey = events.guard().requireSignature() ? events.activeSigningKey() : Optional.empty();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@HeaderParam("ce-type") String type, @HeaderParam("ce-id") String id,
            @HeaderParam("ce-source") String source, @HeaderParam("ce-" + EventSignature.EXTENSION) String signature,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        byte[] data = body;
        if (contentType != null && contentType.toLowerCase().startsWith("application/cloudevents+json")) {
            JsonNode envelope = readTree(body);
            type = envelope.path("type").asText(null);
            id = envelope.path("id").asText(null);
            source = envelope.path("source").asText(null);
            signature = envelope.path(EventSignature.EXTENSION).asText(null);
            data = envelope.path("data").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (type == null || id == null) {
            throw new ProblemException(Problem.invalid("ce-type", "a CloudEvent with ce-id and ce-type is required"));
        }
        if (verifyKey.isPresent() && (signature == null
                || !EventSignature.verify(verifyKey.get(), id, type, source, data, signature))) {
            // A forged command would make the bots post statistics into any conversation.
            throw new ProblemException(Problem.of(401, "Unauthorized", "the event's " + EventSignature.EXTENSION
                    + " signature does not match its attributes and data"));
        }
        // Poison (data of the right type that cannot be used) is thrown on: a 500 by the project's error policy
        // (runtime ErrorPolicy), so the Trigger retries it and then dead-letters it where it can be inspected.
        switch (EventType.find(type).orElse(null)) {
            case CHAT_COMMAND_RECEIVED -> chatCommandReceived(EventJson.read(data, ChatCommandReceived.class), id);
            case CHAT_MESSAGE_RECEIVED -> chatMessageReceived(EventJson.read(data, ChatMessageReceived.class), id);
            case QUIZ_TICKET_AWARDED -> quizTicketAwarded(EventJson.read(data, QuizTicketAwarded.class), id);
            case QUIZ_TICKET_ADMITTED -> quizTicketAdmitted(EventJson.read(data, QuizTicketCheckedIn.class), id);
            case null, default -> throw new ProblemException(Problem.invalid("ce-type",
                    "metrics-service does not consume '" + type + "'"));
        }
        return Response.noContent().build();
    }

    /** {@code /stats …}: answered; other commands (alert-service's {@code /alerts}) ignored. */
    void chatCommandReceived(ChatCommandReceived command, String eventId) {
        commands.onCommand(command, eventId);
    }

    /** Every fan message feeds the {@code members} rollup (a fan is counted when first seen). */
    void chatMessageReceived(ChatMessageReceived message, String eventId) {
        rollups.onMessage(message, eventId);
    }

    /** Every awarded ticket feeds the {@code tickets} rollup. */
    void quizTicketAwarded(QuizTicketAwarded ticket, String eventId) {
        rollups.onTicketAwarded(ticket, eventId);
    }

    /** Every admitted ticket feeds the {@code tickets} rollup's check-ins. */
    void quizTicketAdmitted(QuizTicketCheckedIn ticket, String eventId) {
        rollups.onTicketCheckedIn(ticket, eventId);
    }

    private JsonNode readTree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid("body", "the CloudEvent is not JSON"));
        }
    }
}
