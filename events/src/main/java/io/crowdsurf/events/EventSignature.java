package io.crowdsurf.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * Proof that an event was produced inside Crowdsurf. A service whose function endpoint must be public
 * (bot-gateway serves webhooks on the same host) cannot rely on network isolation, and the Knative
 * Broker cannot add a secret header; but CloudEvent extensions travel through the broker untouched.
 * Producers add {@value #EXTENSION} = HMAC-SHA256(key, id \n type \n source \n SHA-256(data)), hex;
 * consumers that act on the outside world verify it.
 */
public final class EventSignature {

    /** CloudEvent extension names are lower-case alphanumerics. */
    public static final String EXTENSION = "crowdsurfsig";

    private EventSignature() {
    }

    public static String compute(String key, String id, String type, String source, byte[] data) {
        String material = id + "\n" + type + "\n" + source + "\n" + Hmac.sha256Hex(data == null ? new byte[0] : data);
        return Hmac.hex(key, material);
    }

    /** The event with its signature extension set. */
    public static CloudEvent sign(String key, CloudEvent event) {
        byte[] data = event.getData() == null ? null : event.getData().toBytes();
        String sig = compute(key, event.getId(), event.getType(), event.getSource().toString(), data);
        return CloudEventBuilder.v1(event).withExtension(EXTENSION, sig).build();
    }

    /** Constant-time check of a presented signature. */
    public static boolean verify(String key, String id, String type, String source, byte[] data, String presented) {
        if (presented == null || key == null || key.isEmpty()) {
            return false;
        }
        return Hmac.equalsConstantTime(compute(key, id, type, source, data), presented);
    }
}
