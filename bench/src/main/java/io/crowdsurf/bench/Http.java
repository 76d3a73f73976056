package io.crowdsurf.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client on a raw socket ({@code Connection: close}), for polling a starting JVM
 * in a tight loop without the start-up cost or background threads of a full client.
 */
public final class Http {

    /** Status 0 when the connection failed (nothing listening yet). */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private Http() {
    }

    public static Response call(String host, int port, String method, String path, Map<String, String> headers,
            byte[] body, int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(host).append(':').append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.")) {
                return new Response(0, text);
            }
            int sp = text.indexOf(' ');
            int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
            int bodyAt = text.indexOf("\r\n\r\n");
            return new Response(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
        } catch (IOException | RuntimeException e) {
            return new Response(0, String.valueOf(e));
        }
    }

    public static Response get(String host, int port, String path, int timeoutMs) {
        return call(host, port, "GET", path, Map.of(), null, timeoutMs);
    }
}
