package io.crowdsurf.runtime.guard;

import java.util.Arrays;
import java.util.Locale;

/** Content-type rules of the function endpoints: JSON in UTF-8, no batches. */
final class MediaTypes {

    static final String BATCH = "application/cloudevents-batch+json";
    static final String STRUCTURED = "application/cloudevents+json";

    private MediaTypes() {
    }

    /** The lower-case media type without parameters; empty for none. */
    static String of(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** {@code application/json} or any {@code application/*+json}. */
    static boolean json(String mediaType) {
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** No charset parameter (JSON is UTF-8) or charset=utf-8. */
    static boolean utf8Charset(String contentType) {
        if (contentType == null) {
            return true;
        }
        return Arrays.stream(contentType.split(";")).skip(1).map(String::trim)
                .filter(p -> p.regionMatches(true, 0, "charset=", 0, 8))
                .map(p -> p.substring(8).trim().replace("\"", ""))
                .allMatch(c -> c.equalsIgnoreCase("utf-8") || c.equalsIgnoreCase("utf8"));
    }
}
