package io.crowdsurf.metrics.domain;

/**
 * Dimension values become field names in rollup documents; MongoDB field names may not contain {@code .} nor
 * start with {@code $}, and our own separators are {@code ~}. Those characters (and {@code %}) are
 * percent-encoded; everything else is kept as is so documents stay readable.
 */
public final class Keys {

    public static final String NONE = "%00";

    private Keys() {
    }

    public static String encode(String value) {
        if (value == null) {
            return NONE;
        }
        if (value.isEmpty()) {
            return "%20";
        }
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case '.' -> b.append("%2E");
                case '$' -> b.append("%24");
                case '~' -> b.append("%7E");
                case '\0' -> b.append("%01");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String decode(String key) {
        if (NONE.equals(key)) {
            return null;
        }
        if ("%20".equals(key)) {
            return "";
        }
        if (key.indexOf('%') < 0) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '%' && i + 2 < key.length()) {
                String hex = key.substring(i + 1, i + 3);
                b.append(hex.equals("01") ? '\0' : (char) Integer.parseInt(hex, 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The id of a rollup document: one per site, bucket and Kafka partition. */
    public static String rollupId(String site, String bucket, int partition) {
        return site + "|" + bucket + "|" + partition;
    }

    /** The id of a visitor document. */
    public static String visitorId(String site, String visitor) {
        return site + "|" + visitor;
    }
}
