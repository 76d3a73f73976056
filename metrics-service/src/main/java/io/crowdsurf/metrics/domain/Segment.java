package io.crowdsurf.metrics.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A segment in Matomo's syntax: conditions {@code dimension operator value} joined by {@code ;} (AND) and
 * {@code ,} (OR), where OR binds tighter than AND (as in Matomo: {@code a;b,c} is a AND (b OR c)).
 * Values are URL-encoded as Matomo expects. Operators: {@code ==}, {@code !=}, {@code =@} (contains),
 * {@code !@} (does not contain), {@code =^} (starts with), {@code =$} (ends with).
 *
 * @param clauses AND of ORs of conditions; empty means no segment
 */
public record Segment(List<List<Condition>> clauses) {

    public static final Segment NONE = new Segment(List.of());

    /** Dimensions a segment may use, with the rollup table that holds them. */
    public static final List<String> DIMENSIONS = List.of("visitorType", "deviceType", "referrerType",
            "referrerName", "pageUrl", "pageTitle", "section", "eventCategory", "eventAction", "eventName",
            "downloadUrl", "outlinkUrl", "browserName", "contentName", "contentPiece");

    public enum Operator {
        EQ("=="), NE("!="), CONTAINS("=@"), NOT_CONTAINS("!@"), STARTS("=^"), ENDS("=$");

        final String token;

        Operator(String token) {
            this.token = token;
        }
    }

    public record Condition(String dimension, Operator op, String value) {

        public boolean test(String actual) {
            String a = actual == null ? "" : actual;
            String v = value;
            return switch (op) {
                case EQ -> a.equals(v);
                case NE -> !a.equals(v);
                case CONTAINS -> a.toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT));
                case NOT_CONTAINS -> !a.toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT));
                case STARTS -> a.startsWith(v);
                case ENDS -> a.endsWith(v);
            };
        }

        /** The rollup table a condition reads its value from; combo dimensions are in every table. */
        public Table table() {
            return tableOf(dimension);
        }

        public boolean onCombo() {
            return dimension.equals("visitorType") || dimension.equals("deviceType")
                    || dimension.equals("referrerType");
        }
    }

    public static Table tableOf(String dimension) {
        return switch (dimension) {
            case "visitorType" -> Table.VISITOR_TYPE;
            case "deviceType" -> Table.DEVICE_TYPE;
            case "referrerType" -> Table.REFERRER_TYPE;
            case "referrerName" -> Table.REFERRER_NAME;
            case "pageUrl" -> Table.PAGE_URL;
            case "pageTitle" -> Table.PAGE_TITLE;
            case "section" -> Table.SECTION;
            case "eventCategory" -> Table.EVENT_CATEGORY;
            case "eventAction" -> Table.EVENT_ACTION;
            case "eventName" -> Table.EVENT_NAME;
            case "downloadUrl" -> Table.DOWNLOAD;
            case "outlinkUrl" -> Table.OUTLINK;
            case "browserName" -> Table.BROWSER;
            case "contentName" -> Table.CONTENT_NAME;
            case "contentPiece" -> Table.CONTENT_PIECE;
            default -> null;
        };
    }

    /**
     * Parses a segment definition.
     *
     * @throws IllegalArgumentException with a message fit for the caller when it is malformed or uses a
     *                                  dimension or operator we do not serve
     */
    public static Segment parse(String definition) {
        if (definition == null || definition.isBlank()) {
            return NONE;
        }
        if (definition.length() > 4096) {
            throw new IllegalArgumentException("segment is longer than 4096 characters");
        }
        List<List<Condition>> ands = new ArrayList<>();
        for (String andPart : definition.split(";", -1)) {
            List<Condition> ors = new ArrayList<>();
            for (String orPart : andPart.split(",", -1)) {
                ors.add(condition(orPart));
            }
            ands.add(List.copyOf(ors));
        }
        return new Segment(List.copyOf(ands));
    }

    private static Condition condition(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("segment has an empty condition");
        }
        int at = -1;
        Operator found = null;
        for (int i = 0; i < text.length() - 1 && found == null; i++) {
            String two = text.substring(i, i + 2);
            for (Operator op : Operator.values()) {
                if (op.token.equals(two)) {
                    found = op;
                    at = i;
                    break;
                }
            }
            if (found == null && (text.charAt(i) == '<' || text.charAt(i) == '>')) {
                throw new IllegalArgumentException("segment operator in '" + text + "' is not supported; use "
                        + "==, !=, =@, !@, =^ or =$");
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("segment condition '" + text + "' has no operator "
                    + "(==, !=, =@, !@, =^, =$)");
        }
        String dim = text.substring(0, at).trim();
        if (tableOf(dim) == null) {
            throw new IllegalArgumentException("segment dimension '" + dim + "' is not supported; supported: "
                    + String.join(", ", DIMENSIONS));
        }
        String raw = text.substring(at + 2);
        String value;
        try {
            value = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segment value '" + raw + "' is not URL-encoded correctly");
        }
        return new Condition(dim, found, value);
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** The tables of the conditions that are not on combo dimensions. */
    public Set<Table> rowTables() {
        Set<Table> tables = new LinkedHashSet<>();
        for (List<Condition> ors : clauses) {
            for (Condition c : ors) {
                if (!c.onCombo()) {
                    tables.add(c.table());
                }
            }
        }
        return tables;
    }

    /**
     * Evaluates the segment on one rollup row of {@code table}.
     * Combo conditions read the row's combo; other conditions must be on {@code table} itself (checked by
     * the caller with {@link #rowTables()}).
     */
    public boolean matches(Table table, String rowValue, Combo combo) {
        for (List<Condition> ors : clauses) {
            boolean any = false;
            for (Condition c : ors) {
                String actual = c.onCombo() ? combo.value(c.dimension()) : c.table() == table ? rowValue : null;
                if (c.test(actual)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Back to Matomo's syntax (values URL-encoded), for the {@code segment} column of report rows. */
    public static String condition(String dimension, String value) {
        return dimension + "==" + java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
