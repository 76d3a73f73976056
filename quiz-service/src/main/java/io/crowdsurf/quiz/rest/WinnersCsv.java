package io.crowdsurf.quiz.rest;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.crowdsurf.quiz.domain.Ticket;

/** RFC 4180 rows for the winners export. */
final class WinnersCsv {

    static final String HEADER = "ticket_code,pool_id,pool_name,fan_id,platform,user_id,user_name,awarded_at,checked_in_at\r\n";

    private WinnersCsv() {
    }

    static String row(Ticket t) {
        return Stream.of(t.code(), t.poolId(), t.poolName(), t.fanId(), t.platform() == null ? "" : t.platform().id(),
                t.userId(), t.userName(), t.awardedAt() == null ? "" : t.awardedAt().toString(),
                t.checkedInAt() == null ? "" : t.checkedInAt().toString())
                .map(WinnersCsv::cell).collect(Collectors.joining(",", "", "\r\n"));
    }

    /** Quotes when needed; a leading = + - @ is neutralized so a fan's name cannot become a spreadsheet formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
