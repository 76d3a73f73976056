package io.crowdsurf.metrics.domain;

/**
 * The visit attributes every rollup row is split by: visitor type, device type and referrer type. Their
 * cardinality is small (2 × ~8 × 4), so splitting costs little, and any segment over them — any operator,
 * any AND/OR — is evaluated exactly on the rows.
 */
public record Combo(String visitorType, String deviceType, String referrerType) {

    private static final char SEP = '~';

    public String key() {
        return Keys.encode(visitorType) + SEP + Keys.encode(deviceType) + SEP + Keys.encode(referrerType);
    }

    public static Combo ofKey(String key) {
        String[] p = key.split(String.valueOf(SEP), -1);
        if (p.length != 3) {
            return new Combo("", "", "");
        }
        return new Combo(Keys.decode(p[0]), Keys.decode(p[1]), Keys.decode(p[2]));
    }

    /** The value of a combo dimension, or null when the dimension is not one of them. */
    public String value(String dimension) {
        return switch (dimension) {
            case "visitorType" -> visitorType;
            case "deviceType" -> deviceType;
            case "referrerType" -> referrerType;
            default -> null;
        };
    }
}
