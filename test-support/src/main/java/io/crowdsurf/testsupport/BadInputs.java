package io.crowdsurf.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of hostile HTTP requests for bad-input sweeps: malformed and truncated JSON, wrong
 * shapes, invalid UTF-8, bodies over 1 MiB, random bytes, deep nesting, wrong content types, huge
 * headers, and wrong, missing or stale signatures. The same seed gives the same sequence, so a failing
 * case is reproducible from its index.
 *
 * <p>Signatures are endpoint-specific, so this class only says <em>how</em> an input is to be signed
 * ({@link Signing}); the caller applies it with the endpoint's scheme. {@link Signing#VALID} on a broken
 * body checks the parser behind a passed signature check.
 */
public final class BadInputs {

    /** One MiB: the bodies of {@link Kind#OVERSIZED} are larger than this. */
    public static final int ONE_MIB = 1024 * 1024;

    /** What is wrong with an input. */
    public enum Kind {
        MALFORMED_JSON, TRUNCATED, WRONG_SHAPE, INVALID_UTF8, OVERSIZED, RANDOM_BYTES, EMPTY_BODY, DEEP_NESTING,
        WRONG_CONTENT_TYPE, HUGE_HEADER, WRONG_SIGNATURE, MISSING_SIGNATURE, STALE_SIGNATURE
    }

    /** How the caller should sign the body with the endpoint's scheme. */
    public enum Signing {
        /** Correctly, over the exact bytes sent (tests the parser behind the signature check). */
        VALID,
        /** With a well-formed signature over other bytes or with another key. */
        WRONG,
        /** No signature header at all. */
        MISSING,
        /** Correct HMAC but a timestamp older than the replay window (where the scheme has one). */
        STALE,
        /** A signature header with a garbage value (wrong prefix, not hex, empty). */
        GARBAGE
    }

    /** One hostile request body and its headers. {@code garbageSignature} is set for {@link Signing#GARBAGE}. */
    public record Input(int index, Kind kind, Signing signing, String contentType, byte[] body,
            Map<String, String> headers, String garbageSignature) {

        @Override
        public String toString() {
            return "#" + index + " " + kind + "/" + signing + " " + contentType + " " + body.length + " bytes";
        }
    }

    private static final List<String> MALFORMED = List.of(
            "{", "}", "{\"object\":", "{\"object\":\"page\",}", "{'object':'page'}", "{\"a\" 1}", "[1,2,,3]",
            "{\"entry\":[{\"messaging\":[{]}]}", "nul", "tru", "{\"x\":\"unterminated}", "{\"x\":01}",
            "{\"x\":NaN}", "{\"x\":1e99999}", "\u0000\u0001", "{\"x\":\"\\uZZZZ\"}", "<xml/>", "object=page&entry=",
            "{\"a\":1}{\"b\":2}", "{\"a\":[1,2}", "\"just a string", ",,,,", "{\"\":}", "{\"text\":\"\\\"}");

    private static final List<String> WRONG_SHAPES = List.of(
            "[]", "123", "null", "true", "\"page\"", "{}", "{\"object\":123}", "{\"object\":\"page\",\"entry\":\"x\"}",
            "{\"object\":\"page\",\"entry\":[1,2,3]}", "{\"object\":\"page\",\"entry\":[{\"messaging\":{\"a\":1}}]}",
            "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"sender\":\"x\",\"message\":7}]}]}",
            "{\"type\":\"event_callback\",\"event\":[]}", "{\"type\":42}", "{\"update_id\":\"abc\",\"message\":[]}",
            "{\"message\":{\"chat\":\"x\",\"text\":{}}}", "{\"name\":[],\"questions\":\"q\",\"pools\":7}",
            "{\"text\":{\"a\":1}}", "{\"id\":{\"$gt\":\"\"}}", "{\"$where\":\"sleep(1000)\"}");

    private static final List<String> WRONG_TYPES = List.of(
            "text/plain", "application/xml", "multipart/form-data; boundary=xyz", "application/octet-stream",
            "application/json; charset=ebcdic", "image/png", "application/x-www-form-urlencoded", "*/*",
            "application/json; charset=utf-16", "", "text/html; charset=latin-9");

    private final long seed;
    private final Random random;
    private int index;

    public BadInputs(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    public Random random() {
        return random;
    }

    /**
     * The next hostile input derived from a valid request of the endpoint.
     *
     * @param validBody        a body the endpoint would accept
     * @param validContentType its content type
     */
    public Input next(byte[] validBody, String validContentType) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return of(kind, validBody, validContentType);
    }

    /** An input of a given kind (advances the sequence). */
    public Input of(Kind kind, byte[] validBody, String validContentType) {
        int i = index++;
        Map<String, String> headers = new LinkedHashMap<>();
        String type = validContentType;
        byte[] body;
        Signing signing = random.nextInt(3) == 0 ? Signing.WRONG : Signing.VALID;
        switch (kind) {
            case MALFORMED_JSON -> body = utf8(pick(MALFORMED));
            case TRUNCATED -> body = Arrays.copyOf(validBody, validBody.length <= 1 ? 0 : random.nextInt(validBody.length - 1) + 1);
            case WRONG_SHAPE -> body = utf8(pick(WRONG_SHAPES));
            case INVALID_UTF8 -> body = invalidUtf8(validBody);
            case OVERSIZED -> body = oversized(validBody);
            case RANDOM_BYTES -> {
                body = new byte[random.nextInt(4096) + 1];
                random.nextBytes(body);
            }
            case EMPTY_BODY -> body = new byte[0];
            case DEEP_NESTING -> body = deepNesting(2_000 + random.nextInt(20_000));
            case WRONG_CONTENT_TYPE -> {
                body = validBody;
                type = pick(WRONG_TYPES);
                signing = Signing.WRONG;
            }
            case HUGE_HEADER -> {
                body = validBody;
                headers.put("X-Padding", "a".repeat(16 * 1024 + random.nextInt(64 * 1024)));
                signing = Signing.WRONG;
            }
            case WRONG_SIGNATURE -> {
                body = validBody;
                signing = Signing.WRONG;
            }
            case MISSING_SIGNATURE -> {
                body = validBody;
                signing = Signing.MISSING;
            }
            case STALE_SIGNATURE -> {
                body = validBody;
                signing = Signing.STALE;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        if (kind == Kind.WRONG_SIGNATURE && random.nextBoolean()) {
            signing = Signing.GARBAGE;
        }
        return new Input(i, kind, signing, type, body, headers, garbageSignature());
    }

    /** Valid-looking JSON larger than one MiB: the valid body with a long string field spliced in. */
    public byte[] oversized(byte[] validBody) {
        int size = ONE_MIB + 1 + random.nextInt(ONE_MIB / 2);
        String valid = new String(validBody, StandardCharsets.UTF_8).trim();
        StringBuilder sb = new StringBuilder(size + validBody.length + 32);
        if (valid.startsWith("{") && valid.length() > 2) {
            sb.append("{\"padding\":\"").append("x".repeat(size)).append("\",").append(valid, 1, valid.length());
        } else {
            sb.append(valid).append("&padding=").append("x".repeat(size));
        }
        return utf8(sb.toString());
    }

    /** The valid body with invalid UTF-8 sequences (lone continuation bytes, overlong forms, 0xFF) in it. */
    public byte[] invalidUtf8(byte[] validBody) {
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}};
        byte[] ins = bad[random.nextInt(bad.length)];
        String s = new String(validBody, StandardCharsets.UTF_8);
        // Prefer the inside of a string value, where a lenient parser would not notice.
        int at = s.indexOf("\"text\":\"");
        int pos = at >= 0 ? utf8(s.substring(0, at + 8)).length : random.nextInt(validBody.length + 1);
        byte[] out = new byte[validBody.length + ins.length];
        System.arraycopy(validBody, 0, out, 0, pos);
        System.arraycopy(ins, 0, out, pos, ins.length);
        System.arraycopy(validBody, pos, out, pos + ins.length, validBody.length - pos);
        return out;
    }

    public byte[] deepNesting(int depth) {
        StringBuilder sb = new StringBuilder(depth * 6 + 2);
        for (int d = 0; d < depth; d++) {
            sb.append(random.nextBoolean() ? "[" : "{\"a\":");
        }
        return utf8(sb.toString());
    }

    /** A random string of {@code length} printable ASCII characters. */
    public String randomToken(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('!' + random.nextInt(94)));
        }
        return sb.toString();
    }

    private String garbageSignature() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "sha256=";
            case 2 -> "sha256=zz" + randomToken(10);
            case 3 -> "md5=" + "0".repeat(32);
            case 4 -> "v0=" + "f".repeat(63);
            default -> randomToken(1 + random.nextInt(200)).replace(',', ';');
        };
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
