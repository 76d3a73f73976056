package io.crowdsurf.drills.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking requests of metrics-service's outage drills: round-robin over its acknowledging doors — a single
 * matomo.php GET, a bulk POST of two, /api/v1/track, the pixel and a one-row CSV import — each with its own visitor
 * and cache buster, so every request has hit ids of its own and a retried request repeats them.
 */
public final class TrackingRequests {

    private TrackingRequests() {
    }

    /** One tracking request and how many hits it carries. */
    public record Request(String name, String method, String path, String contentType, String body, int hits) {
        public Http.Reply send(String base) {
            Map<String, String> headers = new HashMap<>();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            if (path.contains("/import")) {
                headers.putAll(auth());
            }
            return Http.send(method, base + path, headers, body == null ? null : body.getBytes(), Duration.ofSeconds(30));
        }
    }

    public static Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + Drills.ADMIN_TOKEN);
    }

    /**
     * @param importHost the host of the imported rows' URLs
     * @param importMonth {@code YYYY-MM} of the imported rows' days
     */
    public static List<Request> of(String site, String prefix, int n, String importHost, String importMonth) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String visitor = String.format("%016x", (prefix.hashCode() & 0xffffL) * 1000 + i);
            String r = prefix + i;
            switch (i % 5) {
                case 0 -> out.add(new Request(r, "GET", "/matomo.php?idsite=" + site + "&rec=1&_id=" + visitor + "&r=" + r,
                        null, null, 1));
                case 1 -> out.add(new Request(r, "POST", "/matomo.php", "application/json",
                        "{\"requests\":[\"?idsite=" + site + "&rec=1&_id=" + visitor + "&r=" + r + "a\",\"?idsite=" + site
                                + "&rec=1&_id=" + visitor + "&r=" + r + "b\"]}", 2));
                case 2 -> out.add(new Request(r, "POST", "/api/v1/track", "application/json",
                        "{\"site\":\"" + site + "\",\"hits\":[{\"visitorId\":\"" + visitor + "\",\"id\":\"" + r + "\"}]}", 1));
                case 3 -> out.add(new Request(r, "GET", "/t.gif?idsite=" + site + "&_id=" + visitor + "&r=" + r, null, null, 1));
                default -> out.add(new Request(r, "POST", "/api/v1/sites/" + site + "/import", "text/csv",
                        "time,visitorId,url\n" + importMonth + "-0" + (1 + i % 9) + " 00:00:00," + visitor + ",https://"
                                + importHost + "/" + r + "\n", 1));
            }
        }
        return out;
    }
}
