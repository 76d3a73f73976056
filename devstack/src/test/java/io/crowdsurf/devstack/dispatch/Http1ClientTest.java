package io.crowdsurf.devstack.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.crowdsurf.testsupport.HttpStub;

/**
 * The dispatcher's HTTP/1.1 client against a real JDK HTTP server ({@link HttpStub}) and against a raw socket
 * server that answers exactly the bytes a test gives it (chunked bodies, closed keep-alive connections, silence).
 */
class Http1ClientTest {

    private final Http1Client client = new Http1Client();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        client.close();
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void postsHeadersAndBodyAndReadsTheAnswer() throws Exception {
        HttpStub stub = new HttpStub();
        servers.add(stub);
        stub.respond("/fn", new HttpStub.Response(202, "ok", java.util.Map.of("ce-id", "r1")));

        Http1Client.Response r = client.post(URI.create(stub.baseUrl() + "/fn?x=1"),
                List.of(new String[] {"ce-id", "e1"}, new String[] {"Content-Type", "application/json"}),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        assertThat(r.status()).isEqualTo(202);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(r.headers().get("CE-ID")).containsExactly("r1");
        HttpStub.Request seen = stub.requests("/fn").get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.query()).isEqualTo("x=1");
        assertThat(seen.header("ce-id")).isEqualTo("e1");
        assertThat(seen.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        RawServer server = new RawServer(request -> "HTTP/1.1 204 No Content\r\n\r\n");
        for (int i = 0; i < 5; i++) {
            assertThat(client.post(server.url(), List.of(), new byte[] {1, 2, 3}, Duration.ofSeconds(5)).status())
                    .isEqualTo(204);
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(5).allSatisfy(r -> assertThat(r).contains("Content-Length: 3"));
    }

    @Test
    void readsAChunkedBody() throws Exception {
        RawServer server = new RawServer(request -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "ce-specversion: 1.0\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
        Http1Client.Response r = client.post(server.url(), List.of(), new byte[0], Duration.ofSeconds(5));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        // and the connection is still good for the next one
        assertThat(client.post(server.url(), List.of(), new byte[0], Duration.ofSeconds(5)).status()).isEqualTo(200);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void replacesAConnectionTheServerClosedWhileIdle() throws Exception {
        // The server closes every connection after its first answer, without saying so (no "Connection: close").
        RawServer server = new RawServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        server.closeAfterAnswer = true;
        for (int i = 0; i < 3; i++) {
            assertThat(client.post(server.url(), List.of(), new byte[0], Duration.ofSeconds(5)).status())
                    .isEqualTo(200);
        }
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void honoursConnectionClose() throws Exception {
        RawServer server = new RawServer(request -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        client.post(server.url(), List.of(), new byte[0], Duration.ofSeconds(5));
        client.post(server.url(), List.of(), new byte[0], Duration.ofSeconds(5));
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void aSilentServerTimesOutWithinTheRequestTimeout() throws Exception {
        RawServer server = new RawServer(request -> null); // never answers
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.post(server.url(), List.of(), new byte[0], Duration.ofMillis(300)))
                .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRefusedConnectionIsAnIoException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + port + "/"), List.of(), new byte[0],
                Duration.ofSeconds(2))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesHeaderInjection() {
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:1/"),
                List.<String[]>of(new String[] {"ce-id", "a\r\nX-Evil: 1"}), new byte[0], Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reads request heads and bodies (Content-Length) and writes what {@code answer} returns (null: nothing). */
    private final class RawServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        final Function<String, String> answer;
        volatile boolean closeAfterAnswer;

        RawServer(Function<String, String> answer) throws IOException {
            this.answer = answer;
            servers.add(this);
            Thread.ofVirtual().start(this::acceptLoop);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/fn");
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void serve(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                while (true) {
                    StringBuilder head = new StringBuilder();
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        head.append(line).append("\r\n");
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    if (head.isEmpty()) {
                        return;
                    }
                    in.skip(length);
                    requests.add(head.toString());
                    String a = answer.apply(head.toString());
                    if (a == null) {
                        Thread.sleep(Duration.ofSeconds(30));
                        return;
                    }
                    out.write(a.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
