package io.crowdsurf.alert.rest;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.crowdsurf.alert.domain.Conditions;
import io.crowdsurf.alert.domain.Location;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.alert.domain.Phase;
import io.crowdsurf.alert.domain.PrecipitationType;
import io.crowdsurf.alert.service.AlertService;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Create or replace an alert. Every error is a 400 naming the field (dotted path, list index in brackets).
 *
 * @param owner only for admin calls: the conversation to notify; an owner's link names it already
 */
@RegisterForReflection
public record AlertRequest(String nickname, OwnerRequest owner, String webhookUrl, LocationRequest location,
        ConditionsRequest conditions) {

    public static final int MAX_HORIZON_HOURS = 168;
    public static final int DEFAULT_HORIZON_HOURS = 48;

    @RegisterForReflection
    public record OwnerRequest(String platform, String botId, String userId, String conversationId) {
    }

    @RegisterForReflection
    public record LocationRequest(Double latitude, Double longitude, String name, String timeZone) {
    }

    @RegisterForReflection
    public record Range(Double min, Double max) {
    }

    /**
     * @param light         any of noon, sunrise, sunset, morning-/evening-golden-hour, morning-/evening-blue-hour
     * @param twilight      any of night, civil, nautical, astronomical
     * @param days          weekdays (monday … sunday, or mon … sun)
     * @param precipitation any of rain, snow, sleet, none
     * @param precipitationMm the amount per hour in mm, inclusive bounds, either may be left out
     * @param maxLowCloud   maximum low-cloud cover, percent
     */
    @RegisterForReflection
    public record ConditionsRequest(List<String> light, List<String> twilight, List<String> days,
            List<String> precipitation, Range precipitationMm, Integer maxLowCloud, Integer horizonHours,
            Integer minWindowMinutes) {
    }

    public AlertService.Draft toDraft(boolean allowHttpWebhooks) {
        String nick = nickname == null ? "" : nickname.strip();
        if (nick.isEmpty() || nick.length() > 80) {
            throw invalid("nickname", "nickname is required, at most 80 characters");
        }
        return new AlertService.Draft(nick, toOwner(), webhook(allowHttpWebhooks), toLocation(), toConditions());
    }

    private Owner toOwner() {
        if (owner == null) {
            return null;
        }
        Platform platform;
        try {
            platform = Platform.of(owner.platform() == null ? "" : owner.platform());
        } catch (IllegalArgumentException e) {
            throw invalid("owner.platform", "owner.platform must be messenger, slack, telegram or webchat");
        }
        if (blank(owner.conversationId()) || owner.conversationId().length() > 300
                || !owner.conversationId().startsWith(platform.id() + ":")) {
            throw invalid("owner.conversationId", "owner.conversationId must be <platform>:<bot>:<user>, as in the events");
        }
        String[] parts = owner.conversationId().split(":", 3);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw invalid("owner.conversationId", "owner.conversationId must be <platform>:<bot>:<user>, as in the events");
        }
        return new Owner(platform, blank(owner.botId()) ? parts[1] : owner.botId(),
                blank(owner.userId()) ? parts[2] : owner.userId(), owner.conversationId());
    }

    private String webhook(boolean allowHttp) {
        if (blank(webhookUrl)) {
            return null;
        }
        try {
            URI uri = new URI(webhookUrl.strip());
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean http = allowHttp && "http".equalsIgnoreCase(uri.getScheme());
            if ((!https && !http) || uri.getHost() == null || webhookUrl.length() > 2000) {
                throw invalid("webhookUrl", "webhookUrl must be an https:// URL");
            }
            return uri.toString();
        } catch (java.net.URISyntaxException e) {
            throw invalid("webhookUrl", "webhookUrl must be an https:// URL");
        }
    }

    private Location toLocation() {
        if (location == null) {
            throw invalid("location", "location is required: latitude and longitude");
        }
        Double lat = location.latitude();
        Double lon = location.longitude();
        if (lat == null || lat.isNaN() || lat < -90 || lat > 90) {
            throw invalid("location.latitude", "latitude must be a number from -90 to 90");
        }
        if (lon == null || lon.isNaN() || lon < -180 || lon > 180) {
            throw invalid("location.longitude", "longitude must be a number from -180 to 180");
        }
        String name = blank(location.name()) ? null : location.name().strip();
        if (name != null && name.length() > 120) {
            throw invalid("location.name", "location.name: at most 120 characters");
        }
        String zone = blank(location.timeZone()) ? null : location.timeZone().strip();
        if (zone != null) {
            try {
                zone = ZoneId.of(zone).getId();
            } catch (java.time.DateTimeException e) {
                throw invalid("location.timeZone", "location.timeZone must be an IANA zone such as Europe/Amsterdam");
            }
        }
        return new Location(lat, lon, name, zone);
    }

    private Conditions toConditions() {
        if (conditions == null) {
            throw invalid("conditions", "conditions are required: set at least one");
        }
        ConditionsRequest c = conditions;
        Set<Phase> light = phases("conditions.light", Phase.Group.LIGHT, c.light());
        Set<Phase> twilight = phases("conditions.twilight", Phase.Group.TWILIGHT, c.twilight());
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> dayList = c.days() == null ? List.of() : c.days();
        for (int i = 0; i < dayList.size(); i++) {
            days.add(day("conditions.days[" + i + "]", dayList.get(i)));
        }
        Set<PrecipitationType> precipitation = EnumSet.noneOf(PrecipitationType.class);
        List<String> pList = c.precipitation() == null ? List.of() : c.precipitation();
        for (int i = 0; i < pList.size(); i++) {
            String field = "conditions.precipitation[" + i + "]";
            precipitation.add(PrecipitationType.find(pList.get(i))
                    .orElseThrow(() -> invalid(field, field + ": unknown precipitation type; use rain, snow, sleet or none")));
        }
        Double min = c.precipitationMm() == null ? null : c.precipitationMm().min();
        Double max = c.precipitationMm() == null ? null : c.precipitationMm().max();
        checkMm("conditions.precipitationMm.min", min);
        checkMm("conditions.precipitationMm.max", max);
        if (min != null && max != null && min > max) {
            throw invalid("conditions.precipitationMm", "conditions.precipitationMm: min must not exceed max");
        }
        Integer cloud = c.maxLowCloud();
        if (cloud != null && (cloud < 0 || cloud > 100)) {
            throw invalid("conditions.maxLowCloud", "conditions.maxLowCloud is a percentage, 0 to 100");
        }
        int horizon = c.horizonHours() == null ? DEFAULT_HORIZON_HOURS : c.horizonHours();
        if (horizon < 1 || horizon > MAX_HORIZON_HOURS) {
            throw invalid("conditions.horizonHours", "conditions.horizonHours must be 1 to " + MAX_HORIZON_HOURS + " (7 days)");
        }
        int minWindow = c.minWindowMinutes() == null ? 0 : c.minWindowMinutes();
        if (minWindow < 0 || minWindow > 1440) {
            throw invalid("conditions.minWindowMinutes", "conditions.minWindowMinutes must be 0 to 1440");
        }
        Conditions out = new Conditions(light, twilight, days, precipitation, min, max, cloud, horizon, minWindow);
        if (out.empty()) {
            throw invalid("conditions", "the condition set is empty: choose at least one condition");
        }
        return out;
    }

    private static Set<Phase> phases(String field, Phase.Group group, List<String> ids) {
        Set<Phase> out = EnumSet.noneOf(Phase.class);
        List<String> list = ids == null ? List.of() : ids;
        for (int i = 0; i < list.size(); i++) {
            String f = field + "[" + i + "]";
            out.add(Phase.find(group, list.get(i)).orElseThrow(() -> invalid(f, f + ": unknown phase; use one of "
                    + java.util.Arrays.stream(Phase.values()).filter(p -> p.group() == group).map(Phase::id).toList())));
        }
        return out;
    }

    private static DayOfWeek day(String field, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (v.length() >= 3 && d.name().startsWith(v) && (v.length() == 3 || v.equals(d.name()))) {
                return d;
            }
        }
        throw invalid(field, field + ": unknown day; use monday … sunday or mon … sun");
    }

    private static void checkMm(String field, Double v) {
        if (v != null && (v.isNaN() || v < 0 || v > 500)) {
            throw invalid(field, field + " must be 0 to 500 mm/h");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalid(field, detail));
    }
}
