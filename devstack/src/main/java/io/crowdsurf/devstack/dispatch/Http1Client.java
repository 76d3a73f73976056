package io.crowdsurf.devstack.dispatch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client for the dispatcher's POSTs: keep-alive connections pooled per host and port,
 * one request per connection at a time (no pipelining), {@code Content-Length} or chunked responses.
 * <p>
 * Why not the JDK's {@code HttpClient}: every delivery runs on its own virtual thread, and a blocking socket read
 * on a virtual thread only parks it; the JDK client instead hands each exchange to its selector thread and back
 * through a chain of futures, and that hand-off was a fifth of the dispatcher's CPU in a qr-spike profile (more than
 * the deliveries' own work). Here a delivery is one write and, usually, one read on the delivering thread.
 * <p>
 * Timeouts: connecting waits at most {@link #CONNECT_TIMEOUT}; the exchange as a whole is bounded by the request's
 * timeout (each read may wait only what is left of it). Interrupting a thread blocked here (the dispatcher stopping
 * or losing a partition) closes its connection, as the JDK does for a virtual thread in socket I/O.
 */
final class Http1Client implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A response: status, headers (names case-insensitive), the whole body. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** Idle keep-alive connections per "host:port", most recently used first. */
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * POSTs {@code body} with {@code headers} (name, value pairs, in order). A connection taken from the pool that
     * turns out to be closed by the server (it fails before any byte of the answer) is replaced by a new one once:
     * the request may then reach the server twice, which at-least-once delivery allows.
     */
    Response post(URI url, List<String[]> headers, byte[] body, Duration timeout) throws IOException {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 80;
        if (!"http".equalsIgnoreCase(url.getScheme()) || host == null) {
            throw new IOException("only http:// URLs are supported, got " + url);
        }
        String authority = host + ":" + port;
        byte[] head = requestHead(url, authority, headers, body.length);
        long deadline = System.nanoTime() + timeout.toNanos();
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(authority, a -> new ConcurrentLinkedDeque<>());
        Connection pooled = pool.pollFirst();
        if (pooled != null) {
            try {
                return exchange(pooled, pool, head, body, deadline);
            } catch (StaleConnectionException e) {
                // The server had closed it while it was idle: try once on a fresh connection.
            }
        }
        Connection fresh = Connection.open(host, port, deadline);
        try {
            return exchange(fresh, pool, head, body, deadline);
        } catch (StaleConnectionException e) {
            throw new IOException("connection closed by " + authority + " before it answered", e.getCause());
        }
    }

    private Response exchange(Connection c, ConcurrentLinkedDeque<Connection> pool, byte[] head, byte[] body,
            long deadline) throws IOException {
        boolean reusable = false;
        try {
            c.deadline = deadline;
            try {
                c.out.write(head);
                c.out.write(body);
                c.out.flush();
                c.in.mark(1);
                if (c.in.read() < 0) {
                    throw new StaleConnectionException(new EOFException("end of stream"));
                }
                c.in.reset();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                throw new StaleConnectionException(e);
            }
            Response response = readResponse(c);
            reusable = c.keepAlive && !closed;
            return response;
        } finally {
            if (reusable) {
                pool.offerFirst(c);
            } else {
                c.close();
            }
        }
    }

    private static byte[] requestHead(URI url, String authority, List<String[]> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(authority)
                .append("\r\nContent-Length: ").append(length).append("\r\n");
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("content-length") || h[0].equalsIgnoreCase("host")) {
                continue;
            }
            check(h[0]);
            check(h[1]);
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** No header injection: a CR or LF in a name or value is refused, as the JDK client refuses it. */
    private static void check(String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid header: " + s);
        }
    }

    private static Response readResponse(Connection c) throws IOException {
        while (true) {
            String statusLine = readLine(c.in);
            // "HTTP/1.1 200 OK"
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + statusLine);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = readLine(c.in); !line.isEmpty(); line = readLine(c.in)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + line);
                }
                headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue): the real one follows
            }
            String connection = first(headers, "connection");
            c.keepAlive = parts[0].equals("HTTP/1.1")
                    ? !"close".equalsIgnoreCase(connection)
                    : "keep-alive".equalsIgnoreCase(connection);
            byte[] body;
            String te = first(headers, "transfer-encoding");
            String cl = first(headers, "content-length");
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked(c.in);
            } else if (cl != null) {
                int n;
                try {
                    n = Integer.parseInt(cl.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + cl);
                }
                body = c.in.readNBytes(n);
                if (body.length < n) {
                    throw new EOFException("response body ended after " + body.length + " of " + n + " bytes");
                }
            } else {
                body = c.in.readAllBytes();
                c.keepAlive = false;
            }
            return new Response(status, headers, body);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                // trailers, up to the empty line
                while (!readLine(in).isEmpty()) {
                    // ignored
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk ended early");
            }
            out.write(chunk);
            if (!readLine(in).isEmpty()) {
                throw new IOException("no CRLF after a chunk");
            }
        }
    }

    /** A line up to CRLF (or LF), without it; ISO-8859-1, as HTTP/1.1 header bytes are. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a response");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 65_536) {
                throw new IOException("response header line too long");
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(pool -> {
            for (Connection c = pool.pollFirst(); c != null; c = pool.pollFirst()) {
                c.close();
            }
        });
    }

    /** Failed before any byte of the answer, on a connection that may have been closed by the server. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super(cause);
        }
    }

    /** One TCP connection; used by one thread at a time (it is either in the pool or in one exchange). */
    private static final class Connection {
        final Socket socket;
        final BufferedInputStream in;
        final OutputStream out;
        /** System.nanoTime by which the current exchange must be done. */
        long deadline;
        boolean keepAlive = true;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(new DeadlineInput(this), 8192);
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        static Connection open(String host, int port, long deadline) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                s.connect(new InetSocketAddress(host, port), (int) Math.min(left, CONNECT_TIMEOUT.toMillis()));
                return new Connection(s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do: it is gone either way
            }
        }
    }

    /** The socket's input, each read waiting at most what is left until the connection's deadline. */
    private static final class DeadlineInput extends InputStream {
        private final Connection c;
        private final InputStream raw;

        DeadlineInput(Connection c) throws IOException {
            this.c = c;
            this.raw = c.socket.getInputStream();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long leftMs = (c.deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new SocketTimeoutException("request timed out");
            }
            c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            return raw.read(b, off, len);
        }
    }
}
