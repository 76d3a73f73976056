package io.crowdsurf.metrics.domain;

import java.time.LocalDate;
import java.time.LocalTime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One date of an artist's tour.
 *
 * @param id        stable within the artist's list; the Matomo content piece ({@code c_p}) of its impressions and
 *                  clicks. Given by the admin or derived from date and city.
 * @param time      local doors/start time, or null when not announced
 * @param ticketUrl http(s) URL of the ticket shop
 * @param timeZone  IANA zone of the venue, e.g. {@code Europe/Berlin}
 */
@RegisterForReflection
public record TourDate(String id, LocalDate date, LocalTime time, String city, String venue, String ticketUrl,
        EventStatus status, String timeZone) {
}
