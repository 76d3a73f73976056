package io.crowdsurf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a real child process,
 * on the test JVM's own JDK, so drills can SIGKILL it ({@link Process#destroyForcibly()}) and start it again
 * on the same port. Output goes to {@code <logDir>/<name>.log}, appended across restarts with a marker line.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final Path log;
    private final Duration startTimeout;
    private Process process;
    private int starts;

    private ServiceProcess(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.port = b.port == 0 ? FreePorts.next() : b.port;
        this.env = Map.copyOf(b.env);
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.log = b.logDir.resolve(name + ".log");
        this.startTimeout = b.startTimeout;
    }

    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public Path logFile() {
        return log;
    }

    /** How many times the process was started. */
    public int starts() {
        return starts;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200. */
    public ServiceProcess start() {
        startNoWait();
        awaitReady(startTimeout);
        return this;
    }

    /** Starts the process without waiting for readiness. */
    public synchronized ServiceProcess startNoWait() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the service first ("
                    + "./mvnw -pl <service> package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== " + Instant.now() + " start #" + (starts + 1) + " of " + name + " on port "
                    + port + " =====\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Polls {@code /q/health/ready} until 200; fails with the log's tail if the process dies or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + exitCode() + " before it was ready\n" + logTail(60));
            }
            last = readyStatus();
            if (last == 200) {
                return this;
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + " (last status " + last + ")\n" + logTail(60));
    }

    /** Waits until {@code /q/health/ready} answers {@code status} (e.g. 503 while a dependency is gone). */
    public boolean awaitReadyStatus(int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (readyStatus() == status) {
                return true;
            }
            sleep(50);
        }
        return false;
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 when nothing answers. */
    public int readyStatus() {
        return status("/q/health/ready");
    }

    public int liveStatus() {
        return status("/q/health/live");
    }

    private int status(String path) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hooks, no flushing, in-flight work lost, as a crashed pod. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** SIGTERM: graceful shutdown. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process)) {
                process.destroyForcibly();
                waitFor(process);
            }
        }
    }

    /** SIGKILL and start again on the same port, waiting for readiness. */
    public ServiceProcess killAndRestart() {
        kill();
        return start();
    }

    public synchronized Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The whole log (all starts). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link ServiceProcess}. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        private Path logDir = Path.of("target", "drills-logs");
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar.toAbsolutePath();
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** 0 (default) picks a free port, kept across restarts. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Replaces the default JVM options (small heap, serial GC, C1 only: fast start on 2 cores). */
        public Builder jvmArgs(List<String> args) {
            jvmArgs.clear();
            jvmArgs.addAll(args);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public ServiceProcess build() {
            return new ServiceProcess(this);
        }
    }
}
