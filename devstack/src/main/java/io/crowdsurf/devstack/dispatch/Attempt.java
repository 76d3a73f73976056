package io.crowdsurf.devstack.dispatch;

import java.nio.charset.StandardCharsets;

import io.cloudevents.CloudEvent;

/**
 * What one HTTP delivery attempt came to.
 *
 * @param status  the HTTP status, or 0 when no response came (connection refused, timeout)
 * @param body    the response body (empty when none)
 * @param reply   a CloudEvent the subscriber answered with, or null
 * @param failure why no response came, or why a reply was unreadable; null otherwise
 */
public record Attempt(int status, byte[] body, CloudEvent reply, String failure) {

    static Attempt noResponse(String failure) {
        return new Attempt(0, new byte[0], null, failure);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /**
     * Worth another try, by Knative's rules: no response, any 5xx, and the 4xx that mean "not yet"
     * (404 while a function is still deploying, 408, 409, 429). Other 4xx will never succeed.
     */
    public boolean retryable() {
        return status == 0 || status >= 500 || status == 404 || status == 408 || status == 409 || status == 429;
    }

    /** A short human reason for logs and dead letters. */
    public String describe() {
        if (status == 0) {
            return "no response: " + failure;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        return "HTTP " + status + (text.isEmpty() ? "" : ": " + text);
    }
}
