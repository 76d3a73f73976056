package io.crowdsurf.gateway.inbound;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/** Decodes an application/x-www-form-urlencoded body from the signed bytes; broken encoding is a 400. */
public final class FormBody {

    private FormBody() {
    }

    public static Map<String, String> parse(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return form;
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                form.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.invalid(key, "malformed form encoding: " + e.getMessage()));
            }
        }
        return form;
    }

    public static String required(Map<String, String> form, String field) {
        String v = form.get(field);
        if (v == null || v.isBlank()) {
            throw new ProblemException(Problem.invalid(field, "form field '" + field + "' is required"));
        }
        return v;
    }
}
