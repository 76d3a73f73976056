package io.crowdsurf.alert.domain;

import java.time.Instant;

/**
 * A photographer's standing question: tell me when these conditions hold at this place.
 *
 * @param webhookUrl an HTTPS URL that also gets each notification (signed), or null
 */
public record Alert(
        String id,
        String nickname,
        Owner owner,
        String webhookUrl,
        Location location,
        Conditions conditions,
        Instant createdAt,
        Instant updatedAt) {

    public Cell cell() {
        return location.cell();
    }
}
