package io.crowdsurf.metrics.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.metrics.domain.ArtistEvents;
import io.crowdsurf.metrics.domain.TourDate;

/** Turns a stored tour into the public JSON (upcoming dates only) and its strong ETag. */
@ApplicationScoped
public class WidgetRenderer {

    private final ObjectMapper json;

    public WidgetRenderer(ObjectMapper json) {
        this.json = json;
    }

    public WidgetPage render(String artist, Optional<ArtistEvents> stored, Instant now, long loadedAt) {
        if (stored.isEmpty()) {
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":"
                    + quote("no events are stored for artist '" + artist + "'") + "}").getBytes(StandardCharsets.UTF_8);
            return new WidgetPage(404, body, etag(body), loadedAt);
        }
        ArtistEvents a = stored.get();
        List<Map<String, Object>> events = new ArrayList<>();
        for (TourDate d : a.events()) {
            // A date is listed until its day is over where it takes place.
            if (!d.date().isBefore(LocalDate.ofInstant(now, ZoneId.of(d.timeZone())))) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", d.id());
                e.put("date", d.date().toString());
                e.put("time", d.time() == null ? null : d.time().toString());
                e.put("city", d.city());
                e.put("venue", d.venue());
                e.put("ticketUrl", d.ticketUrl());
                e.put("status", d.status().id());
                e.put("timeZone", d.timeZone());
                events.add(e);
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("artist", a.artist());
        page.put("name", a.name());
        page.put("site", a.site());
        page.put("updatedAt", a.updatedAt().toString());
        page.put("events", events);
        try {
            byte[] body = json.writeValueAsBytes(page);
            return new WidgetPage(200, body, etag(body), loadedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the widget JSON", e);
        }
    }

    private String quote(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A strong validator: same bytes, same tag, on every replica. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
