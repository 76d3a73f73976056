package io.crowdsurf.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one HMAC-SHA256 of the project: event signatures, webhook signatures (Messenger, Slack) and the fair
 * draw's seeded ranking all use it. It lives in {@code events} (which runtime and every service depend on)
 * because {@link EventSignature}, part of the contract, needs it too.
 *
 * <pre>{@code
 * String hex = Hmac.hex(secret, body);                         // sign
 * boolean ok = Hmac.matchesHex(secret, body, presentedHex);     // verify, constant time
 * }</pre>
 */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";
    /**
     * One initialised Mac per key, never used itself, only cloned: a clone is a copy of the keyed state, much cheaper
     * than the provider look-up and key set-up of a new instance (every webhook and every published event pays
     * one or two of these). A service has a handful of keys (its secrets); a draw's seeds are many, so the cache
     * is bounded and simply refilled.
     */
    private static final ConcurrentHashMap<String, Mac> KEYED = new ConcurrentHashMap<>();
    private static final int MAX_KEYS = 64;

    private Hmac() {
    }

    /** HMAC-SHA256 of {@code data} under the UTF-8 bytes of {@code key}. */
    public static byte[] sha256(String key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(String key) {
        Mac prototype = KEYED.get(key);
        if (prototype == null) {
            prototype = newMac(key);
            if (KEYED.size() >= MAX_KEYS) {
                KEYED.clear();
            }
            KEYED.putIfAbsent(key, prototype);
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key);
        }
    }

    private static Mac newMac(String key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** Lower-case hex of {@link #sha256(String, byte[])}. */
    public static String hex(String key, byte[] data) {
        return HexFormat.of().formatHex(sha256(key, data));
    }

    /** Lower-case hex of the HMAC of the UTF-8 bytes of {@code text}. */
    public static String hex(String key, String text) {
        return hex(key, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code presentedHex} is the HMAC of {@code data}; constant time in the content (so a caller
     * cannot find the signature byte by byte); surrounding blanks and hex case are ignored. False for a missing key or signature.
     */
    public static boolean matchesHex(String key, byte[] data, String presentedHex) {
        if (key == null || key.isEmpty() || presentedHex == null) {
            return false;
        }
        return equalsConstantTime(hex(key, data), presentedHex.trim().toLowerCase(Locale.ROOT));
    }

    /** Plain SHA-256 of {@code data}, lower-case hex (commitments, digests inside a signed text). */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Constant-time comparison of two ASCII strings (signatures, tokens). Null never equals. */
    public static boolean equalsConstantTime(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
