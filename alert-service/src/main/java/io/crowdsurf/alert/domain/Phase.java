package io.crowdsurf.alert.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A part of the day defined by the sun. Angles are the sun centre's geometric altitude h (no refraction),
 * computed by commons-suncalc; see alert-service/README.md for the table.
 */
public enum Phase {
    // sun and light
    NOON(Group.LIGHT, "noon"),
    SUNRISE(Group.LIGHT, "sunrise"),
    SUNSET(Group.LIGHT, "sunset"),
    MORNING_GOLDEN_HOUR(Group.LIGHT, "morning-golden-hour"),
    MORNING_BLUE_HOUR(Group.LIGHT, "morning-blue-hour"),
    EVENING_GOLDEN_HOUR(Group.LIGHT, "evening-golden-hour"),
    EVENING_BLUE_HOUR(Group.LIGHT, "evening-blue-hour"),
    // night and twilight
    NIGHT(Group.TWILIGHT, "night"),
    CIVIL_TWILIGHT(Group.TWILIGHT, "civil"),
    NAUTICAL_TWILIGHT(Group.TWILIGHT, "nautical"),
    ASTRONOMICAL_TWILIGHT(Group.TWILIGHT, "astronomical");

    /** The two condition groups of the form: within a group any selected phase matches. */
    public enum Group { LIGHT, TWILIGHT }

    private final Group group;
    private final String id;

    Phase(Group group, String id) {
        this.group = group;
        this.id = id;
    }

    public Group group() {
        return group;
    }

    /** The name in the API and the form. */
    public String id() {
        return id;
    }

    public static Optional<Phase> find(Group group, String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.group == group && p.id.equals(wanted)).findFirst();
    }
}
