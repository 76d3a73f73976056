package io.crowdsurf.metrics.domain;

/** One tour date as the admin sends it: all text, checked by {@link TourRules}. */
public record TourDateInput(String id, String date, String time, String city, String venue, String ticketUrl,
        String status, String timeZone) {
}
