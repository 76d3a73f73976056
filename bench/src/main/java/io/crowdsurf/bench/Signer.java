package io.crowdsurf.bench;

import io.crowdsurf.events.Hmac;

/** Signs Messenger webhook bodies as Meta does: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw bytes>}. */
public final class Signer {

    public static final String HEADER = "X-Hub-Signature-256";

    private final String appSecret;

    public Signer(String appSecret) {
        this.appSecret = appSecret;
    }

    public String sign(byte[] body) {
        return "sha256=" + Hmac.hex(appSecret, body);
    }
}
