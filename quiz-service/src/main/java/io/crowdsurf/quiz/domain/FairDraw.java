package io.crowdsurf.quiz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every random pick, made reproducible for audit. A value is
 * {@code u = first 53 bits of HMAC-SHA256(key = campaign seed, message) / 2^53}, uniform in [0, 1):
 * <ul>
 * <li>instant selection: message = the fan id; the fan is selected iff {@code u < probability};</li>
 * <li>scheduled draw: message = {@code <drawId>:<fanId>} for every eligible entrant; the N entrants with
 * the smallest values win — a uniform sample without replacement, the same for the same seed, draw and
 * entrants.</li>
 * </ul>
 * The seed is secret while the campaign runs (so nobody can shop for a winning fan id) and is published
 * with the results, with its SHA-256 commitment shown from the start.
 */
public final class FairDraw {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final double TWO_POW_53 = 0x1p53;

    private FairDraw() {
    }

    /** A new 256-bit campaign seed, hex. */
    public static String newSeed() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return HexFormat.of().formatHex(seed);
    }

    /** SHA-256 of the seed, hex: published up front, so the seed cannot be swapped later. */
    public static String commitment(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The uniform value in [0, 1) for one message under one seed. */
    public static double value(String seed, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(h, 0, 8).getLong() >>> 11;
            return bits / TWO_POW_53;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static boolean selected(String seed, String fanId, double probability) {
        return value(seed, fanId) < probability;
    }

    /** The {@code count} winners of a scheduled draw among {@code entrants}, in winning order. */
    public static List<String> pick(String seed, String drawId, List<String> entrants, int count) {
        record Scored(String fanId, double value) {
        }
        return entrants.stream().distinct()
                .map(f -> new Scored(f, value(seed, drawId + ":" + f)))
                .sorted(Comparator.comparingDouble(Scored::value).thenComparing(Scored::fanId))
                .limit(Math.max(0, count))
                .map(Scored::fanId)
                .toList();
    }
}
