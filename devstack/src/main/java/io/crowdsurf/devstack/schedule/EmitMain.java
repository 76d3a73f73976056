package io.crowdsurf.devstack.schedule;

import java.util.Optional;
import java.util.UUID;

import io.cloudevents.CloudEvent;

/**
 * {@code ./crowdsurf emit <type> [json]}: sends one catalog event by hand, signed like the services' own, e.g.
 * {@code ./crowdsurf emit com.crowdsurf.alert.evaluation.requested} to run the alert evaluation now instead of
 * waiting for the hour. Without json, the data is {@code {}} ({@code {"reason":"manual"}} for an evaluation).
 */
public final class EmitMain {

    private EmitMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ./crowdsurf emit <type> [json]");
            System.exit(2);
        }
        String type = args[0];
        String json = args.length > 1 ? args[1] : type.equals("com.crowdsurf.alert.evaluation.requested")
                ? "{\"reason\":\"manual\"}" : "{}";
        String bootstrap = Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).orElse("localhost:9092");
        String id = "manual-" + UUID.randomUUID();
        CloudEvent event;
        try {
            event = EventSender.event(type, id, "/crowdsurf/devstack/emit", json);
        } catch (IllegalArgumentException e) {
            System.err.println("emit: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (EventSender sender = new EventSender(bootstrap, "crowdsurf.events",
                Optional.ofNullable(System.getenv("CROWDSURF_EVENTS_SIGNING_KEY")))) {
            CloudEvent sent = sender.send(event);
            System.out.println("sent " + sent.getType() + " " + sent.getId() + (sent.getExtension("crowdsurfsig") != null
                    ? " (signed)" : " (unsigned)") + " to crowdsurf.events on " + bootstrap);
        } catch (Exception e) {
            System.err.println("emit: Kafka at " + bootstrap + " did not take the event: " + e.getMessage());
            System.exit(1);
        }
    }
}
