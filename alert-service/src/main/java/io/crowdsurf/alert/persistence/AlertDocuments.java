package io.crowdsurf.alert.persistence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Conditions;
import io.crowdsurf.alert.domain.Location;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.alert.domain.Phase;
import io.crowdsurf.alert.domain.PrecipitationType;
import io.crowdsurf.events.data.Platform;

/**
 * Reads an alert document in the form {@code AlertRepository} writes (Jackson's form of {@link Alert}: enums by name,
 * the platform by its id, instants as ISO-8601 strings) without Jackson's value conversion. Returns null for anything
 * it does not know to read exactly so (another type, an unknown key): the caller then converts through Jackson, so a
 * document reads as before either way. {@code AlertDocumentsTest} holds both readers to the same alert.
 */
final class AlertDocuments {

    private static final Set<String> ALERT = Set.of("_id", "nickname", "owner", "webhookUrl", "location", "conditions",
            "createdAt", "updatedAt");
    private static final Set<String> OWNER = Set.of("platform", "botId", "userId", "conversationId");
    private static final Set<String> LOCATION = Set.of("latitude", "longitude", "name", "timeZone");
    private static final Set<String> CONDITIONS = Set.of("light", "twilight", "days", "precipitation",
            "minPrecipitation", "maxPrecipitation", "maxLowCloud", "horizonHours", "minWindowMinutes");

    private AlertDocuments() {
    }

    /** The alert, or null when the document is not in the plain form (then Jackson decides). */
    static Alert read(Document d) {
        try {
            if (!known(d, ALERT)) {
                return null;
            }
            Document o = (Document) d.get("owner");
            Document l = (Document) d.get("location");
            Document c = (Document) d.get("conditions");
            if (o == null || l == null || c == null || !known(o, OWNER) || !known(l, LOCATION) || !known(c, CONDITIONS)) {
                return null;
            }
            Object platform = o.get("platform");
            if (platform != null && !(platform instanceof String)) {
                return null;
            }
            Owner owner = new Owner(platform == null ? null : Platform.of((String) platform), string(o, "botId"),
                    string(o, "userId"), string(o, "conversationId"));
            Location location = new Location(number(l, "latitude"), number(l, "longitude"), string(l, "name"),
                    string(l, "timeZone"));
            Conditions conditions = new Conditions(enums(c, "light", Phase.class), enums(c, "twilight", Phase.class),
                    enums(c, "days", DayOfWeek.class), enums(c, "precipitation", PrecipitationType.class),
                    boxedDouble(c, "minPrecipitation"), boxedDouble(c, "maxPrecipitation"), boxedInt(c, "maxLowCloud"),
                    integer(c, "horizonHours"), integer(c, "minWindowMinutes"));
            return new Alert(string(d, "_id"), string(d, "nickname"), owner, string(d, "webhookUrl"), location,
                    conditions, instant(d, "createdAt"), instant(d, "updatedAt"));
        } catch (NotPlain | ClassCastException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean known(Map<String, Object> d, Set<String> keys) {
        for (String k : d.keySet()) {
            if (!keys.contains(k)) {
                return false;
            }
        }
        return true;
    }

    private static String string(Document d, String key) {
        Object v = d.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new NotPlain();
    }

    private static double number(Document d, String key) {
        Object v = d.get(key);
        if (v instanceof Double x) {
            return x;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).doubleValue();
        }
        throw new NotPlain();
    }

    private static Double boxedDouble(Document d, String key) {
        return d.get(key) == null ? null : number(d, key);
    }

    private static int integer(Document d, String key) {
        Object v = d.get(key);
        if (v instanceof Integer x) {
            return x;
        }
        throw new NotPlain();
    }

    private static Integer boxedInt(Document d, String key) {
        return d.get(key) == null ? null : integer(d, key);
    }

    private static Instant instant(Document d, String key) {
        Object v = d.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String text) {
            return Instant.parse(text);
        }
        throw new NotPlain();
    }

    private static <E extends Enum<E>> Set<E> enums(Document d, String key, Class<E> type) {
        Object v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> names)) {
            throw new NotPlain();
        }
        Set<E> out = EnumSet.noneOf(type);
        for (Object name : names) {
            if (!(name instanceof String text)) {
                throw new NotPlain();
            }
            out.add(Enum.valueOf(type, text));
        }
        return out;
    }

    /** The document is not in the plain form: let Jackson read it. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }
}
