package io.crowdsurf.alert.service;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.alert.OpenMeteoResource;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.AlertEvaluationRequested;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.crowdsurf.alert.AlertTests.alert;
import static io.crowdsurf.alert.AlertTests.create;
import static io.crowdsurf.alert.AlertTests.events;
import static io.crowdsurf.alert.AlertTests.freshPlace;
import static io.crowdsurf.alert.AlertTests.post;
import static io.crowdsurf.alert.AlertTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run over more cells than one batch holds is split into batch events on Kafka, each naming its cells, which
 * together cover every cell once; delivering a batch evaluates just those cells.
 */
@QuarkusTest
@TestProfile(BatchingTest.TwoCellBatches.class)
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OpenMeteoResource.class, restrictToAnnotatedClass = false)
class BatchingTest {

    public static class TwoCellBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alert.batch-cells", "2");
        }
    }

    @Test
    void aRunIsSplitIntoBatchesOfCells() {
        String conv = "webchat:site:" + unique();
        for (int i = 0; i < 5; i++) {
            create(alert("b" + i, conv, freshPlace(), Map.of("light", List.of("noon"))));
        }
        String runId = "alert-evaluation-hourly-" + unique();
        assertThat(post(EventType.ALERT_EVALUATION_REQUESTED.type(), runId, "/crowdsurf/schedule",
                new AlertEvaluationRequested("hourly", null), false)).isEqualTo(204);

        List<CloudEvent> batches = events(runId, EventType.ALERT_EVALUATION_REQUESTED.type());
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        List<String> cells = batches.stream().flatMap(e -> CrowdsurfEvents.data(e, AlertEvaluationRequested.class)
                .cells().stream()).toList();
        assertThat(cells).doesNotHaveDuplicates();
        assertThat(batches).allSatisfy(e -> {
            AlertEvaluationRequested r = CrowdsurfEvents.data(e, AlertEvaluationRequested.class);
            assertThat(r.cells()).hasSizeBetween(1, 2);
            assertThat(r.runId()).isEqualTo(runId);
            assertThat(e.getId()).isEqualTo(runId + ":batch:" + r.batch());
        });
        assertThat(events(conv, EventType.ALERT_OPPORTUNITY_FOUND.type())).isEmpty();

        // The dispatcher would deliver each; here the test does.
        for (CloudEvent b : batches) {
            assertThat(post(b.getType(), b.getId(), b.getSource().toString(),
                    CrowdsurfEvents.data(b, AlertEvaluationRequested.class), false)).isEqualTo(204);
        }
        assertThat(events(conv, EventType.ALERT_OPPORTUNITY_FOUND.type())).hasSizeGreaterThanOrEqualTo(10);
    }
}
