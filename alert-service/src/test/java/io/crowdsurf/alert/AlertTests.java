package io.crowdsurf.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventSignature;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.testsupport.TestKafka;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Helpers of the alert-service tests: API calls, CloudEvents to the functions, events read back from Kafka. */
public final class AlertTests {

    public static final String ADMIN = "test-admin-token";
    public static final String EVENTS_KEY = "test-events-signing-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger PLACE = new AtomicInteger();

    private AlertTests() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN).contentType("application/json");
    }

    public static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /**
     * A place of its own (its own grid cell) for a test, in western Europe: 0.1° apart in longitude along 45.05°N,
     * within the stub's Europe/Amsterdam zone.
     */
    public static double[] freshPlace() {
        int n = PLACE.incrementAndGet();
        return new double[] {45.05 + (n / 150) * 0.1, -5.95 + (n % 150) * 0.1};
    }

    public static Map<String, Object> alert(String nickname, String conversationId, double[] place,
            Map<String, Object> conditions) {
        Map<String, Object> body = new HashMap<>();
        body.put("nickname", nickname);
        if (conversationId != null) {
            body.put("owner", Map.of("platform", conversationId.split(":")[0], "conversationId", conversationId));
        }
        body.put("location", Map.of("latitude", place[0], "longitude", place[1], "name", "Spot " + nickname));
        body.put("conditions", conditions);
        return body;
    }

    public static String create(Map<String, Object> body) {
        return admin().body(body).post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    public static String cellOf(double[] place) {
        return io.crowdsurf.alert.domain.Cell.of(place[0], place[1]).key();
    }

    /** POSTs a binary-mode CloudEvent to the function endpoint; signed when {@code sign}. */
    public static int post(String type, String id, String source, Object data, boolean sign) {
        byte[] json = EventJson.write(data);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/"))
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type).header("ce-source", source)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (sign) {
            b.header("ce-" + EventSignature.EXTENSION, EventSignature.compute(EVENTS_KEY, id, type, source, json));
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every event on crowdsurf.events about this subject (conversation id), from the beginning. */
    public static List<CloudEvent> events(String subject) {
        return TestKafka.readAll("crowdsurf.events").stream().map(KafkaCodec::fromRecord)
                .filter(e -> subject.equals(e.getSubject())).toList();
    }

    public static List<CloudEvent> events(String subject, String type) {
        return events(subject).stream().filter(e -> e.getType().equals(type)).toList();
    }

    public static <T> T await(Supplier<T> read, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ", got " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }
}
