package io.crowdsurf.metrics.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules of an artist's tour list; pure, so they are unit-tested without a service. */
public final class TourRules {

    /** Artist ids appear in URLs and Matomo content names: lower-case, short, no separators that need escaping. */
    private static final Pattern ARTIST = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_TEXT = 200;

    private TourRules() {
    }

    public static boolean validArtist(String artist) {
        return artist != null && ARTIST.matcher(artist).matches();
    }

    /** Checks and converts a whole list; the first broken rule is thrown with its field ({@code events.3.date}). */
    public static ArtistEvents parse(String artist, String name, String site, List<TourDateInput> events,
            int maxEvents, Instant now) {
        if (!validArtist(artist)) {
            throw new InvalidFieldException("artist", "the artist id must match " + ARTIST.pattern());
        }
        if (name != null && (name.isBlank() || name.length() > MAX_TEXT)) {
            throw new InvalidFieldException("name", "name must be 1.." + MAX_TEXT + " characters when given");
        }
        if (site == null || !SITE.matcher(site).matches()) {
            throw new InvalidFieldException("site", "site is required: the id of the registered tracking site "
                    + "the widget's impressions and clicks count under (" + SITE.pattern() + ")");
        }
        if (events == null) {
            throw new InvalidFieldException("events", "events is required (an empty list clears the tour)");
        }
        if (events.size() > maxEvents) {
            throw new InvalidFieldException("events", "at most " + maxEvents + " events per artist");
        }
        List<TourDate> dates = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            TourDate date = date("events." + i, events.get(i));
            if (!ids.add(date.id())) {
                throw new InvalidFieldException("events." + i + ".id", "duplicate event id '" + date.id()
                        + "' (give distinct ids to two dates in one city on one day)");
            }
            dates.add(date);
        }
        dates.sort(Comparator.comparing(TourDate::date)
                .thenComparing(d -> d.time() == null ? LocalTime.MIN : d.time()).thenComparing(TourDate::id));
        return new ArtistEvents(artist, name, site, dates, now);
    }

    static TourDate date(String at, TourDateInput in) {
        if (in == null) {
            throw new InvalidFieldException(at, "an event object is required, not null");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(required(at + ".date", in.date()));
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(at + ".date", "date must be YYYY-MM-DD, not '" + in.date() + "'");
        }
        LocalTime time = null;
        if (in.time() != null) {
            try {
                time = LocalTime.parse(in.time());
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(at + ".time", "time must be HH:MM, not '" + in.time() + "'");
            }
        }
        String city = text(at + ".city", in.city());
        String venue = text(at + ".venue", in.venue());
        String ticketUrl = WebUrls.require(at + ".ticketUrl", in.ticketUrl());
        EventStatus status = EventStatus.find(required(at + ".status", in.status()))
                .orElseThrow(() -> new InvalidFieldException(at + ".status", "status must be one of "
                        + List.of(EventStatus.values()).stream().map(EventStatus::id).collect(Collectors.joining(", "))
                        + ", not '" + in.status() + "'"));
        String zone = required(at + ".timeZone", in.timeZone());
        try {
            if (!(ZoneId.of(zone).getId().contains("/") || zone.equals("UTC"))) {
                throw new DateTimeException("an offset");
            }
        } catch (DateTimeException e) {
            throw new InvalidFieldException(at + ".timeZone", "timeZone must be an IANA zone such as "
                    + "Europe/Berlin, not '" + zone + "'");
        }
        String id = in.id() != null ? in.id() : derivedId(date, city);
        if (!EVENT_ID.matcher(id).matches()) {
            throw new InvalidFieldException(at + ".id", "id must match " + EVENT_ID.pattern());
        }
        return new TourDate(id, date, time, city, venue, ticketUrl, status, zone);
    }

    /** {@code 2027-03-14-berlin}: readable in the Contents report, stable while date and city stay. */
    static String derivedId(LocalDate date, String city) {
        String slug = city.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String id = date + (slug.isEmpty() ? "" : "-" + slug);
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value.strip();
    }

    private static String text(String field, String value) {
        String v = required(field, value);
        if (v.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, field + " is longer than " + MAX_TEXT + " characters");
        }
        return v;
    }
}
