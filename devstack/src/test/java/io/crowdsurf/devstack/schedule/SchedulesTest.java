package io.crowdsurf.devstack.schedule;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The laptop plays the manifests' schedules: parsed from 400-schedules.yaml, fired at the cron's times. */
class SchedulesTest {

    private static final ZoneId UTC = ZoneId.of("Etc/UTC");

    @Test
    void theManifestsSchedulesAreTheHourlyRunAndTheTwoOClockRefresh() {
        List<Schedule> schedules = ScheduleLoader.load(Path.of("../k8s/base"));
        assertThat(schedules).extracting(Schedule::name)
                .containsExactlyInAnyOrder("alert-evaluation-hourly", "alert-forecast-refresh", "quiz-issuing-sweep");
        Schedule hourly = schedules.stream().filter(s -> s.name().equals("alert-evaluation-hourly")).findFirst().orElseThrow();
        Schedule refresh = schedules.stream().filter(s -> s.name().equals("alert-forecast-refresh")).findFirst().orElseThrow();
        ZonedDateTime t = ZonedDateTime.of(2026, 12, 1, 21, 40, 0, 0, UTC);
        assertThat(hourly.cron().next(t, hourly.zone())).isEqualTo(ZonedDateTime.of(2026, 12, 1, 22, 0, 0, 0, UTC));
        assertThat(refresh.cron().next(t, refresh.zone())).isEqualTo(ZonedDateTime.of(2026, 12, 2, 2, 0, 0, 0, UTC));
        assertThat(hourly.idAt(ZonedDateTime.of(2026, 12, 1, 22, 0, 0, 0, UTC))).isEqualTo("alert-evaluation-hourly-20261201T22");
        assertThat(refresh.idAt(ZonedDateTime.of(2026, 12, 2, 2, 0, 0, 0, UTC))).isEqualTo("alert-forecast-refresh-20261202");

        CloudEvent e = EventSender.event(hourly.type(), hourly.idAt(t), hourly.source(), hourly.data());
        assertThat(e.getType()).isEqualTo(EventType.ALERT_EVALUATION_REQUESTED.type());
        assertThat(e.getSource()).hasToString("/crowdsurf/schedule");
    }

    @Test
    void cronFieldsListsRangesAndSteps() {
        Cron c = Cron.parse("*/15 9-17 * * 1-5");
        ZonedDateTime friday = ZonedDateTime.of(2026, 12, 4, 17, 50, 0, 0, UTC);
        assertThat(c.next(friday, UTC)).isEqualTo(ZonedDateTime.of(2026, 12, 7, 9, 0, 0, 0, UTC));
        assertThat(Cron.parse("0 0 1,15 * *").next(friday, UTC)).isEqualTo(ZonedDateTime.of(2026, 12, 15, 0, 0, 0, 0, UTC));
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cron.parse("* * *")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emitRefusesTypesOutsideTheCatalogAndDataOfTheWrongShape() {
        assertThatThrownBy(() -> EventSender.event("com.example.nope", "i", "/s", "{}"))
                .hasMessageContaining("not in the event catalog");
        assertThatThrownBy(() -> EventSender.event(EventType.ALERT_EVALUATION_REQUESTED.type(), "i", "/s", "[1]"))
                .hasMessageContaining("AlertEvaluationRequested");
    }
}
