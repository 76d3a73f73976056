package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

/**
 * POSTs a CloudEvent in binary HTTP content mode ({@code ce-*} headers, {@code Content-Type}, data as the
 * body), exactly what a Knative Trigger sends to a Funqy function, and reads a reply event from the
 * response (binary or structured mode), as the broker does.
 */
public final class HttpSender implements AutoCloseable {

    private final Http1Client client;

    HttpSender(Http1Client client) {
        this.client = client;
    }

    /** HTTP/1.1 with keep-alive connections ({@link Http1Client}); Knative's dispatcher speaks 1.1 to functions too. */
    public static HttpSender create() {
        return new HttpSender(new Http1Client());
    }

    public Attempt send(URI url, CloudEvent event, Duration timeout) throws InterruptedException {
        List<String[]> headers = new ArrayList<>(12);
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter((name, value) -> headers.add(new String[] {name, value}),
                bytes -> body[0] = bytes == null ? new byte[0] : bytes).writeBinary(event);
        Http1Client.Response response;
        try {
            response = client.post(url, headers, body[0], timeout);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                // Interrupted while blocked on the connection (stopping, or the partition was revoked).
                throw new InterruptedException("delivery to " + url + " interrupted");
            }
            return Attempt.noResponse(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        byte[] responseBody = response.body();
        if (!isCloudEvent(response.headers())) {
            return new Attempt(response.status(), responseBody, null, null);
        }
        try {
            CloudEvent reply = HttpMessageFactory.createReaderFromMultimap(response.headers(), responseBody).toEvent();
            return new Attempt(response.status(), responseBody, reply, null);
        } catch (RuntimeException e) {
            return new Attempt(response.status(), responseBody, null, "unreadable reply event: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static boolean isCloudEvent(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("ce-specversion")) {
                return true;
            }
            if (name.equals("content-type") && !h.getValue().isEmpty()
                    && h.getValue().get(0).toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
                return true;
            }
        }
        return false;
    }
}
