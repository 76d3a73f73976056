package io.crowdsurf.gateway.service;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.SendResult;
import io.crowdsurf.gateway.persistence.ReplyLedger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory parts of sending once, without a server. */
class InFlightRepliesTest {

    @Test
    void aSecondDeliveryOfTheSameReplyInsideTheFirstIsBusyAndTheIdIsFreedAfterwards() {
        InFlightReplies inFlight = new InFlightReplies();
        AtomicBoolean ran = new AtomicBoolean();

        inFlight.run("r1", () -> assertThatThrownBy(() -> inFlight.run("r1", () -> ran.set(true)))
                .isInstanceOf(ReplyBusyException.class));
        assertThat(ran).isFalse();
        inFlight.run("r1", () -> ran.set(true));
        assertThat(ran).isTrue();
    }

    @Test
    void theIdIsFreedWhenTheWorkFails() {
        InFlightReplies inFlight = new InFlightReplies();
        assertThatThrownBy(() -> inFlight.run("r2", () -> {
            throw new IllegalStateException("mongo away");
        })).isInstanceOf(IllegalStateException.class);
        AtomicBoolean ran = new AtomicBoolean();
        inFlight.run("r2", () -> ran.set(true));
        assertThat(ran).isTrue();
    }

    @Test
    void unrecordedOutcomesAreKeptUntilForgottenAndBounded() {
        UnrecordedOutcomes outcomes = new UnrecordedOutcomes();
        SendOutcome sent = new SendOutcome(Platform.TELEGRAM, new SendResult.Delivered("42"), 1);

        outcomes.remember(new ReplyLedger.Slot("r1", 7), sent);
        assertThat(outcomes.pending()).extracting(p -> p.slot().bucket()).containsExactly(7L);
        assertThat(outcomes.find("r1")).contains(sent);
        outcomes.forget("r1");
        assertThat(outcomes.find("r1")).isEmpty();

        for (int i = 0; i <= UnrecordedOutcomes.MAX; i++) {
            outcomes.remember(new ReplyLedger.Slot("r" + i, 7), sent);
        }
        assertThat(outcomes.find("r0")).as("cleared when full").isEmpty();
        assertThat(outcomes.find("r" + UnrecordedOutcomes.MAX)).contains(sent);
    }
}
