package io.crowdsurf.devstack.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
public final class HttpSender {

    private final HttpClient client;

    public HttpSender(HttpClient client) {
        this.client = client;
    }

    public static HttpSender create() {
        // HTTP/1.1: no h2c upgrade dance with the subscriber; Knative's dispatcher speaks 1.1 to functions too.
        return new HttpSender(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }

    public Attempt send(URI url, CloudEvent event, Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout);
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes == null ? new byte[0] : bytes)
                .writeBinary(event);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return Attempt.noResponse(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        byte[] responseBody = response.body() == null ? new byte[0] : response.body();
        if (!isCloudEvent(response.headers().map())) {
            return new Attempt(response.statusCode(), responseBody, null, null);
        }
        try {
            CloudEvent reply = HttpMessageFactory.createReaderFromMultimap(response.headers().map(), responseBody)
                    .toEvent();
            return new Attempt(response.statusCode(), responseBody, reply, null);
        } catch (RuntimeException e) {
            return new Attempt(response.statusCode(), responseBody, null, "unreadable reply event: " + e.getMessage());
        }
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
