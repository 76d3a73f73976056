package io.crowdsurf.drills.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a fresh socket per request with {@code Connection: close}: byte-exact requests (any header
 * value, any body, an explicit Content-Length) and no pooled connection that a server closed after a 413
 * or 431 can make a later request fail. A request that gets no status line is status -1.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static Http.Reply send(int port, String method, String pathAndQuery, Map<String, String> headers,
            byte[] body, int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 3000);
            socket.setSoTimeout(timeoutMs);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, method + " " + pathAndQuery + " HTTP/1.1\r\n");
            write(head, "Host: localhost:" + port + "\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.write(h.getKey().getBytes(StandardCharsets.ISO_8859_1));
                write(head, ": ");
                head.write(h.getValue().getBytes(StandardCharsets.UTF_8));
                write(head, "\r\n");
            }
            if (body != null) {
                write(head, "Content-Length: " + body.length + "\r\n");
            }
            write(head, "Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(head.toByteArray());
                if (body != null && body.length > 0) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 431, 400) and close before reading everything: read what it said.
                writeFailure = e.toString();
            }
            return read(socket.getInputStream(), writeFailure);
        } catch (SocketTimeoutException e) {
            return new Http.Reply(-1, "no answer within " + timeoutMs + " ms");
        } catch (IOException e) {
            return new Http.Reply(-1, e.toString());
        }
    }

    private static Http.Reply read(InputStream in, String writeFailure) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while (got.size() < 64 * 1024 && (n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (got.size() == 0) {
                return new Http.Reply(-1, e + (writeFailure == null ? "" : " after " + writeFailure));
            }
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Http.Reply(-1, "no status line" + (writeFailure == null ? "" : " after " + writeFailure) + ": "
                    + text.substring(0, Math.min(100, text.length())));
        }
        int sp = text.indexOf(' ');
        int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
        int bodyAt = text.indexOf("\r\n\r\n");
        return new Http.Reply(status, bodyAt < 0 ? "" : new String(got.toByteArray(), bodyAt + 4,
                got.size() - bodyAt - 4, StandardCharsets.UTF_8));
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
