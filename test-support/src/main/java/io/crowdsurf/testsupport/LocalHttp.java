package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** A started loopback HTTP server on a free port, one virtual thread per request: the base of every test stub. */
public final class LocalHttp {

    private LocalHttp() {
    }

    public static HttpServer serve(HttpHandler handler, int backlog) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), backlog);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String baseUrl(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort();
    }
}
