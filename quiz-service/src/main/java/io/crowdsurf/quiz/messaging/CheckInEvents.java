package io.crowdsurf.quiz.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.crowdsurf.events.data.QuizTicketCheckedIn;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.runtime.messaging.EventPublisher;

/**
 * {@code com.crowdsurf.quiz.ticket.admitted}, published when door staff admit a ticket. The CloudEvent id is derived
 * from the ticket code alone, so however often a check-in is re-published (a retried scan after Kafka was away) it
 * is the same event, and consumers count it once.
 */
@ApplicationScoped
public class CheckInEvents {

    private final EventPublisher publisher;

    public CheckInEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public static String eventId(String ticketCode) {
        return "admitted:" + ticketCode;
    }

    /**
     * Publishes and waits for Kafka's ack.
     *
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when Kafka does not acknowledge (REST: 503)
     */
    public void admitted(Ticket ticket) {
        QuizTicketCheckedIn data = new QuizTicketCheckedIn(ticket.campaignId(), ticket.poolId(), ticket.poolName(),
                ticket.code(), ticket.checkedInAt());
        // Subject and key = the fan's conversation, like the ticket's award: one fan's events stay in order.
        publisher.publish(CrowdsurfEvents.build(EventType.QUIZ_TICKET_ADMITTED, eventId(ticket.code()),
                Service.QUIZ_SERVICE.source(), ticket.fanId(), ticket.fanId(), data));
    }
}
