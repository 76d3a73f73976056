package io.crowdsurf.gateway.inbound;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;
import io.crowdsurf.runtime.rest.Utf8;

/**
 * Decodes an application/x-www-form-urlencoded body from the signed bytes. Broken encoding is a 400: a
 * body, or a percent-decoded name or value, that is not valid UTF-8 ({@link Utf8}), or a bad escape.
 */
public final class FormBody {

    private FormBody() {
    }

    public static Map<String, String> parse(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return form;
        }
        String raw = Utf8.decode(body, "body");
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String name = decode(key, key);
            form.putIfAbsent(name, decode(value, name));
        }
        return form;
    }

    /** Percent-decoding to bytes, then strict UTF-8 (URLDecoder would turn %FF into U+FFFD). */
    static String decode(String encoded, String field) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new ProblemException(Problem.invalid(field, "malformed form encoding: bad escape at "
                            + "character " + i + " of '" + field + "'"));
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    utf8 = encoded.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return Utf8.decode(bytes.toByteArray(), field);
    }

    public static String required(Map<String, String> form, String field) {
        String v = form.get(field);
        if (v == null || v.isBlank()) {
            throw new ProblemException(Problem.invalid(field, "form field '" + field + "' is required"));
        }
        return v;
    }
}
