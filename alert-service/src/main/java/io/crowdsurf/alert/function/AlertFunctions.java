package io.crowdsurf.alert.function;

import java.util.Optional;

import io.crowdsurf.alert.persistence.StoreFailures;
import io.crowdsurf.alert.service.CommandService;
import io.crowdsurf.alert.service.EvaluationService;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.events.data.ChatCommandReceived;
import io.crowdsurf.runtime.config.EventsConfig;
import io.crowdsurf.runtime.messaging.EventNotDurableException;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;

/**
 * The CloudEvent consumers, routed by {@code ce-type}. Both return nothing (204): what they produce is on Kafka,
 * acknowledged, before they return. MongoDB or Kafka away → 5xx, and the Trigger retries.
 * <p>
 * {@code chat.command.received} sends a personal link to a conversation, so with
 * {@code CROWDSURF_EVENTS_SIGNING_KEY} set it must carry bot-gateway's valid {@code crowdsurfsig} (401 otherwise).
 * The schedule's evaluation requests come from a CronJob that cannot sign; an evaluation is idempotent and
 * messages nobody new, so it needs no signature.
 */
public class AlertFunctions {

    private final EvaluationService evaluation;
    private final CommandService commands;
    private final Optional<String> signingKey;

    public AlertFunctions(EvaluationService evaluation, CommandService commands,
            EventsConfig events) {
        this.evaluation = evaluation;
        this.commands = commands;
        this.signingKey = events.activeSigningKey();
    }

    @Funq
    public void alertEvaluationRequested(AlertEvaluationRequested request, @Context CloudEvent<?> event) {
        unavailableIs503(() -> evaluate(request, event));
    }

    private void evaluate(AlertEvaluationRequested request, CloudEvent<?> event) {
        String reason = request == null || request.reason() == null ? "unspecified" : request.reason();
        if (request == null || request.cells().isEmpty()) {
            evaluation.run(event.id(), reason);
        } else {
            if (request.cells().size() > 10_000 || request.cells().stream().anyMatch(c -> !validCell(c))) {
                throw new ProblemException(Problem.invalid("data.cells", "cells must be grid cell keys like 523:49"));
            }
            evaluation.evaluate(request.runId() == null ? event.id() : request.runId(), reason,
                    request.batch() == null ? 0 : request.batch(), request.cells());
        }
    }

    @Funq
    public void chatCommandReceived(ChatCommandReceived command, @Context CloudEvent<?> event) {
        signingKey.ifPresent(key -> {
            String presented = event.extensions() == null ? null : event.extensions().get(EventSignature.EXTENSION);
            byte[] data = command == null ? null : EventJson.write(command);
            if (!EventSignature.verify(key, event.id(), event.type(), event.source(), data, presented)) {
                throw new ProblemException(Problem.of(401, "Unauthorized", "the event's " + EventSignature.EXTENSION
                        + " signature is missing or does not match; only bot-gateway's commands are answered"));
            }
        });
        if (command == null || command.platform() == null || command.conversationId() == null || command.command() == null) {
            throw new ProblemException(Problem.invalid("data", "a command needs platform, conversationId and command"));
        }
        unavailableIs503(() -> commands.onCommand(command, event.id()));
    }

    /** Kafka or MongoDB away: 503, which the broker retries (an acknowledged event is never lost). */
    private static void unavailableIs503(Runnable work) {
        try {
            work.run();
        } catch (EventNotDurableException e) {
            throw new ProblemException(Problem.of(503, "Service Unavailable", "Kafka did not acknowledge: " + e.getMessage()));
        } catch (RuntimeException e) {
            if (StoreFailures.unavailable(e)) {
                throw new ProblemException(Problem.of(503, "Service Unavailable", "MongoDB is unavailable; retry later"));
            }
            throw e;
        }
    }

    private static boolean validCell(String key) {
        return key != null && key.matches("-?\\d{1,4}:-?\\d{1,4}");
    }
}
