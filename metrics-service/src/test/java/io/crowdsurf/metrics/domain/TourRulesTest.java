package io.crowdsurf.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class TourRulesTest {

    static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    static TourDateInput date(String date, String city) {
        return new TourDateInput(null, date, "20:00", city, "Arena", "https://tickets.example/t/" + Math.abs(city.hashCode()), "on-sale",
                "Europe/Berlin");
    }

    @Test
    void sortsByDateAndDerivesIds() {
        ArtistEvents a = TourRules.parse("the-band", "The Band", "1",
                List.of(date("2027-05-02", "Köln Süd"), date("2027-03-14", "Berlin")), 10, NOW);
        assertThat(a.events()).extracting(TourDate::id).containsExactly("2027-03-14-berlin", "2027-05-02-k-ln-s-d");
        assertThat(a.events().get(0).date()).isEqualTo(LocalDate.of(2027, 3, 14));
        assertThat(a.events().get(0).status()).isEqualTo(EventStatus.ON_SALE);
    }

    @Test
    void namesTheFieldOfEachBrokenRule() {
        assertField(new TourDateInput(null, "2027-13-01", null, "B", "V", "https://t.example", "on-sale", "UTC"),
                "events.0.date");
        assertField(new TourDateInput(null, "2027-01-01", "25:00", "B", "V", "https://t.example", "on-sale", "UTC"),
                "events.0.time");
        assertField(new TourDateInput(null, "2027-01-01", null, " ", "V", "https://t.example", "on-sale", "UTC"),
                "events.0.city");
        assertField(new TourDateInput(null, "2027-01-01", null, "B", null, "https://t.example", "on-sale", "UTC"),
                "events.0.venue");
        assertField(new TourDateInput(null, "2027-01-01", null, "B", "V", "javascript:alert(1)", "on-sale", "UTC"),
                "events.0.ticketUrl");
        assertField(new TourDateInput(null, "2027-01-01", null, "B", "V", "https://t.example", "onsale", "UTC"),
                "events.0.status");
        assertField(new TourDateInput(null, "2027-01-01", null, "B", "V", "https://t.example", "sold-out", "Mars/Base"),
                "events.0.timeZone");
        assertField(new TourDateInput(null, "2027-01-01", null, "B", "V", "https://t.example", "sold-out", "+02:00"),
                "events.0.timeZone");
        assertField(new TourDateInput("a b", "2027-01-01", null, "B", "V", "https://t.example", "cancelled", "UTC"),
                "events.0.id");
    }

    @Test
    void refusesDuplicatesTooManyAndBadArtists() {
        assertThatThrownBy(() -> TourRules.parse("x", null, "1", List.of(date("2027-01-01", "B"),
                date("2027-01-01", "B")), 10, NOW)).hasFieldOrPropertyWithValue("field", "events.1.id");
        assertThatThrownBy(() -> TourRules.parse("x", null, "1", Collections.nCopies(3, date("2027-01-01", "B")), 2,
                NOW)).hasFieldOrPropertyWithValue("field", "events");
        assertThatThrownBy(() -> TourRules.parse("X Y", null, "1", List.of(), 2, NOW))
                .hasFieldOrPropertyWithValue("field", "artist");
        assertThatThrownBy(() -> TourRules.parse("x", null, null, List.of(), 2, NOW))
                .hasFieldOrPropertyWithValue("field", "site");
        assertThatThrownBy(() -> TourRules.parse("x", null, "1", null, 2, NOW))
                .hasFieldOrPropertyWithValue("field", "events");
        assertThat(TourRules.parse("x", null, "1", List.of(), 2, NOW).events()).isEmpty();
    }

    @Test
    void onlyHttpUrlsWithAHostAndNoUserInfo() {
        assertThat(WebUrls.require("u", "https://shop.example/a?b=c")).isEqualTo("https://shop.example/a?b=c");
        for (String bad : List.of("ftp://x.example/", "data:text/html,hi", "/relative", "https://", "mailto:a@b.c",
                "https://shop.example@evil.example/", "http:///x")) {
            assertThatThrownBy(() -> WebUrls.require("u", bad)).as(bad).isInstanceOf(InvalidFieldException.class);
        }
    }

    private static void assertField(TourDateInput in, String field) {
        assertThatThrownBy(() -> TourRules.parse("a", null, "1", List.of(in), 10, NOW))
                .isInstanceOf(InvalidFieldException.class).hasFieldOrPropertyWithValue("field", field);
    }
}
