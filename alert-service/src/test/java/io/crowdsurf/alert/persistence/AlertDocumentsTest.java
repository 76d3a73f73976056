package io.crowdsurf.alert.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Conditions;
import io.crowdsurf.alert.domain.Location;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.alert.domain.Phase;
import io.crowdsurf.alert.domain.PrecipitationType;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The field-by-field reader gives the alert Jackson gives, for documents written by the service's own mapper. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class AlertDocumentsTest {

    @Inject
    ObjectMapper json;

    private AlertRepository repository() {
        return new AlertRepository(null, json, null, null);
    }

    @Test
    void readsEveryFieldAsJacksonDoes() {
        Alert full = new Alert("3f0c2a4e-1b2c-4d5e-8f90-123456789abc", "Snowy dunes",
                new Owner(Platform.MESSENGER, "page-1", "psid-7", "messenger:page-1:psid-7"), "https://example.org/hook",
                new Location(52.3744, 4.5306, "Zandvoort", "Europe/Amsterdam"),
                new Conditions(Set.of(Phase.EVENING_GOLDEN_HOUR, Phase.SUNSET), Set.of(Phase.CIVIL_TWILIGHT),
                        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Set.of(PrecipitationType.SNOW, PrecipitationType.SLEET),
                        0.2, 5.0, 40, 168, 20),
                Instant.parse("2026-12-01T10:15:30.123456Z"), Instant.parse("2026-12-02T01:00:00Z"));
        Alert sparse = new Alert("a1", "dry nights", new Owner(Platform.WEBCHAT, null, null, "webchat:x:1"), null,
                new Location(-33, 151, null, null),
                new Conditions(null, Set.of(Phase.NIGHT), null, Set.of(PrecipitationType.NONE), null, null, 10, 48, 0),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        for (Alert a : new Alert[] {full, sparse}) {
            Document stored = Document.parse(repository().toDocument(a).toJson());
            Alert direct = AlertDocuments.read(stored);
            assertNotNull(direct, "the service's own documents take the direct path");
            assertEquals(repository().convert(stored), direct);
            assertEquals(a, direct);
        }
    }

    @Test
    void leavesOtherFormsToJackson() {
        Document odd = Document.parse(repository().toDocument(new Alert("a2", "n", new Owner(Platform.WEBCHAT, null, null,
                "webchat:x:2"), null, new Location(1, 2, null, null),
                new Conditions(Set.of(Phase.NOON), null, null, null, null, null, null, 48, 0),
                Instant.EPOCH, Instant.EPOCH)).toJson());
        odd.get("conditions", Document.class).put("horizonHours", 48L);
        assertNull(AlertDocuments.read(odd));
        odd.get("conditions", Document.class).put("horizonHours", 48);
        odd.put("extra", true);
        assertNull(AlertDocuments.read(odd));
    }
}
