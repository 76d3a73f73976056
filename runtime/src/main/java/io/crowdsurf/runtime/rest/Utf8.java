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
