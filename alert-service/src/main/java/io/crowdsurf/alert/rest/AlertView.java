package io.crowdsurf.alert.rest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Conditions;
import io.crowdsurf.alert.domain.Phase;
import io.crowdsurf.alert.domain.PrecipitationType;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An alert as the API shows it, in the request's shape.
 *
 * @param timeZone the zone the alert is evaluated in: its own, else the forecast's for the coordinates (null
 *                 until the first evaluation fetched it)
 */
@RegisterForReflection
public record AlertView(String id, String nickname, AlertRequest.OwnerRequest owner, String webhookUrl,
        AlertRequest.LocationRequest location, String timeZone, String cell, AlertRequest.ConditionsRequest conditions,
        Instant createdAt, Instant updatedAt) {

    static AlertView of(Alert a, String timeZone) {
        Conditions c = a.conditions();
        AlertRequest.Range range = c.minPrecipitation() == null && c.maxPrecipitation() == null ? null
                : new AlertRequest.Range(c.minPrecipitation(), c.maxPrecipitation());
        return new AlertView(a.id(), a.nickname(),
                new AlertRequest.OwnerRequest(a.owner().platform().id(), a.owner().botId(), a.owner().userId(),
                        a.owner().conversationId()),
                a.webhookUrl(),
                new AlertRequest.LocationRequest(a.location().latitude(), a.location().longitude(), a.location().name(),
                        a.location().timeZone()),
                timeZone, a.cell().key(),
                new AlertRequest.ConditionsRequest(phases(c.light()), phases(c.twilight()),
                        c.days().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList(),
                        c.precipitation().stream().sorted().map(PrecipitationType::id).toList(), range, c.maxLowCloud(),
                        c.horizonHours(), c.minWindowMinutes()),
                a.createdAt(), a.updatedAt());
    }

    private static List<String> phases(java.util.Set<Phase> set) {
        return set.stream().sorted(Comparator.naturalOrder()).map(Phase::id).toList();
    }
}
