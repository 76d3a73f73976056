import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.sun.net.httpserver.HttpServer;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.crowdsurf.events.KafkaCodec;

/**
 * The dispatcher's and the broker's CPU per event, without the services: run with
 * {@code java -cp "devstack/target/lib/*:events/target/classes" bench/tools/DispatchLoad.java PORT KAFKA EVENTS KEYS
 * DISPATCHER_PID KAFKA_PID} against a running Kafka and a {@code DispatcherMain} whose subscribers all point at
 * {@code http://localhost:PORT} (this program's stub, which answers 204). It measures both processes' CPU (from
 * /proc) over 10 s idle first, then produces EVENTS {@code chat.message.received} events over KEYS conversation keys
 * (two Triggers want each: quiz-service's and metrics-service's) and waits until the stub got 2 × EVENTS deliveries.
 */
public final class DispatchLoad {

    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        String kafka = a[1];
        int events = Integer.parseInt(a[2]);
        int keys = Integer.parseInt(a[3]);
        long dispatcher = Long.parseLong(a[4]);
        long broker = Long.parseLong(a[5]);
        AtomicLong delivered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
            delivered.incrementAndGet();
        });
        server.start();
        long[] idle0 = {ticks(dispatcher), ticks(broker), System.nanoTime()};
        Thread.sleep(10_000);
        long[] idle1 = {ticks(dispatcher), ticks(broker), System.nanoTime()};
        double idleS = (idle1[2] - idle0[2]) / 1e9;
        System.out.printf("idle: dispatcher %.2f%% of a core, broker %.2f%% of a core%n",
                100.0 * (idle1[0] - idle0[0]) / 100 / idleS, 100.0 * (idle1[1] - idle0[1]) / 100 / idleS);
        long before = delivered.get();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String key = "load-conv-" + (i % keys);
                var event = CloudEventBuilder.v1().withId("load-" + System.nanoTime() + "-" + i)
                        .withType("com.crowdsurf.chat.message.received").withSource(URI.create("/bench/dispatch-load"))
                        .withTime(OffsetDateTime.now()).withExtension("partitionkey", key)
                        .withExtension("crowdsurfplatform", "web").withDataContentType("application/json")
                        .withData(("{\"text\":\"answer " + i + "\",\"conversationId\":\"" + key + "\"}")
                                .getBytes(StandardCharsets.UTF_8)).build();
                producer.send(KafkaCodec.toRecord("crowdsurf.events", event));
                if (i % 500 == 499) {
                    Thread.sleep(100); // about 5,000 events a second, in bursts as webhooks come
                }
            }
        }
        long t0 = idle1[2];
        long want = before + 2L * events;
        long deadline = System.nanoTime() + Long.getLong("deadlineSeconds", 600) * 1_000_000_000L;
        while (delivered.get() < want && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long[] end = {ticks(dispatcher), ticks(broker), System.nanoTime()};
        double s = (end[2] - t0) / 1e9;
        long d = delivered.get() - before;
        // Per delivered event (two deliveries each): a run cut short by its deadline still gives a fair figure.
        double done = Math.max(1, d / 2.0);
        System.out.printf("%d events, %d deliveries in %.1f s; dispatcher %.2f CPU s = %.3f ms per delivered event, "
                + "broker %.2f CPU s = %.3f ms per delivered event; load average %s%n", events, d, s,
                (end[0] - idle1[0]) / 100.0, (end[0] - idle1[0]) * 10.0 / done, (end[1] - idle1[1]) / 100.0,
                (end[1] - idle1[1]) * 10.0 / done, Files.readString(Path.of("/proc/loadavg")).strip());
        server.stop(0);
        System.exit(d >= 2L * events ? 0 : 1);
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    static long ticks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
