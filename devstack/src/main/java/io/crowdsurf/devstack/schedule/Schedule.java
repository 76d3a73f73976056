package io.crowdsurf.devstack.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One CronJob of {@code k8s/base/400-schedules.yaml}: when it fires and the CloudEvent it posts, from its
 * {@code CE_*} variables (type, source, id prefix and slot format, data).
 */
public record Schedule(String name, Cron cron, ZoneId zone, String type, String source, String idPrefix,
        String idSlotFormat, String data) {

    /** The event id of the slot at {@code t}: {@code <prefix>-<date +FORMAT>}, as the Job's shell computes it. */
    public String idAt(ZonedDateTime t) {
        return idPrefix + "-" + DateTimeFormatter.ofPattern(pattern(idSlotFormat)).format(t.withZoneSameInstant(ZoneId.of("UTC")));
    }

    /** The few strftime conversions the manifests use, as a DateTimeFormatter pattern. */
    static String pattern(String strftime) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < strftime.length(); i++) {
            char c = strftime.charAt(i);
            if (c == '%' && i + 1 < strftime.length()) {
                char f = strftime.charAt(++i);
                out.append(switch (f) {
                    case 'Y' -> "uuuu";
                    case 'm' -> "MM";
                    case 'd' -> "dd";
                    case 'H' -> "HH";
                    case 'M' -> "mm";
                    case 'S' -> "ss";
                    case '%' -> "'%'";
                    default -> throw new IllegalArgumentException("unsupported strftime %" + f + " in " + strftime);
                });
            } else if (Character.isLetter(c)) {
                out.append('\'').append(c).append('\'');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
