package io.crowdsurf.devstack.dispatch;

import java.net.URI;

/**
 * A Trigger's {@code spec.subscriber}: a {@code ref} to a Service, optionally with a {@code uri} that is a
 * path relative to it, or an absolute {@code uri} alone (Knative's Destination semantics).
 *
 * @param service the referenced Service's name, or null
 * @param uri     the {@code uri}, or null
 */
public record Subscriber(String service, String uri) {

    public Subscriber {
        if (service == null && uri == null) {
            throw new IllegalArgumentException("a subscriber needs a ref or a uri");
        }
    }

    /** The URL to POST to, the Service's base URL coming from {@code table}. */
    public URI resolve(SubscriberTable table) {
        if (service == null) {
            return URI.create(uri);
        }
        String base = table.baseUrl(service);
        if (uri == null || uri.isEmpty()) {
            return URI.create(base.endsWith("/") ? base : base + "/");
        }
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + (uri.startsWith("/") ? uri : "/" + uri));
    }

    @Override
    public String toString() {
        return service == null ? uri : service + (uri == null ? "" : uri);
    }
}
