package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder put between a service and its dependency (MongoDB, Kafka, an HTTP API),
 * so a drill can take the dependency away without stopping it and losing its data.
 * {@link #cut()} closes every open connection and refuses new ones (connection refused, like a dead
 * host's port); {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) {
        this(targetHost, targetPort, FreePorts.next());
    }

    public TcpProxy(String targetHost, int targetPort, int listenPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listenPort;
        restore();
    }

    /** The port clients connect to instead of the target's. */
    public int port() {
        return port;
    }

    /** Connections accepted since creation (including ones closed by {@link #cut()}). */
    public long acceptedConnections() {
        return accepted.get();
    }

    public int openConnections() {
        return open.size() / 2;
    }

    public boolean isCut() {
        return server == null;
    }

    /** Closes every connection and stops listening: new connections are refused until {@link #restore()}. */
    public synchronized void cut() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            closeQuietly(s);
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Listens again on the same port and forwards new connections to the target. */
    public synchronized void restore() {
        if (closed) {
            throw new IllegalStateException("proxy closed");
        }
        if (server != null) {
            return;
        }
        IOException last = null;
        // The port was ours a moment ago; retry briefly in case the kernel has not released it yet.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
                server = s;
                Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> acceptLoop(s));
                return;
            } catch (IOException e) {
                last = e;
                sleep(20);
            }
        }
        throw new UncheckedIOException("cannot listen on " + port + " again", last);
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return;
            }
            if (server != s) {
                closeQuietly(client);
                return;
            }
            accepted.incrementAndGet();
            Socket upstream;
            try {
                upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            Thread.ofVirtual().start(() -> pump(client, upstream));
            Thread.ofVirtual().start(() -> pump(upstream, client));
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // connection gone: close both sides below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public synchronized void close() {
        cut();
        closed = true;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
