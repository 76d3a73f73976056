package io.crowdsurf.runtime.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8: bytes that are not valid UTF-8 (stray continuation bytes, overlong forms, surrogates,
 * truncated sequences) are a 400, never silently replaced by U+FFFD. {@code new String(bytes, UTF_8)}
 * and most JSON parsers are lenient, so every request body is decoded here before it is parsed.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The text of {@code bytes}; a 400 problem ({@code field}) when they are not valid UTF-8. */
    public static String decode(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.invalid(field, "the " + field + " is not valid UTF-8"));
        }
    }

    /**
     * Checks {@code bytes} are valid UTF-8 without keeping the text, for a caller that parses the bytes itself
     * (JSON): pure ASCII — every Meta webhook, which escapes non-ASCII as backslash-u escapes, and most others — is
     * recognised by one pass over the bytes, with no decoder and no copy; anything else is decoded strictly.
     *
     * @throws ProblemException 400 ({@code field}) when they are not valid UTF-8
     */
    public static void check(byte[] bytes, String field) {
        if (bytes == null) {
            return;
        }
        for (byte b : bytes) {
            if (b < 0) {
                decode(bytes, field);
                return;
            }
        }
    }

    /** The text of {@code bytes}, or empty when they are not valid UTF-8. */
    public static Optional<String> tryDecode(byte[] bytes) {
        try {
            return Optional.of(decode(bytes, "body"));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code bytes} are valid UTF-8. */
    public static boolean valid(byte[] bytes) {
        return tryDecode(bytes).isPresent();
    }
}
