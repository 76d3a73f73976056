package io.crowdsurf.metrics.domain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a query string or a POST body) the way Matomo's PHP
 * front end receives it, but strictly: a parameter whose name or value is not valid percent-encoded UTF-8, or
 * holds control characters, is dropped (Matomo ignores bad parameters) instead of being stored garbled. A
 * repeated name keeps its last value, as PHP does. {@code name[]} array syntax is kept as the literal name.
 */
public final class QueryStrings {

    /** Longest name kept; tracking parameter names are short. */
    static final int MAX_NAME = 64;

    private QueryStrings() {
    }

    /** @param query with or without the leading {@code ?}; may be a whole {@code /matomo.php?…} request line */
    public static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        String q = query;
        int mark = q.indexOf('?');
        if (mark >= 0) {
            q = q.substring(mark + 1);
        }
        int hash = q.indexOf('#');
        if (hash >= 0) {
            q = q.substring(0, hash);
        }
        int start = 0;
        while (start <= q.length()) {
            int amp = q.indexOf('&', start);
            int end = amp < 0 ? q.length() : amp;
            if (end > start) {
                String pair = q.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name != null && value != null && !name.isEmpty() && name.length() <= MAX_NAME
                        && clean(name) && clean(value)) {
                    out.put(name, value);
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return out;
    }

    /**
     * Parameters that arrived already decoded (JSON bulk objects, /api/v1/track, CSV cells), held to the same rules:
     * entries whose name or value holds control characters or unpaired surrogates, or whose name is too long, are
     * dropped.
     */
    public static Map<String, String> sanitized(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k != null && v != null && !k.isEmpty() && k.length() <= MAX_NAME && clean(k) && clean(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Percent-decoding with {@code +} as space; null when the bytes are not valid UTF-8 or a %xx is broken. */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** No C0/C1 control characters (tab allowed), no unpaired surrogates. */
    static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
