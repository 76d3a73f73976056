package io.crowdsurf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Optional ({@code --profile=true}): a JFR recording of the running services during a run, started and dumped with
 * {@code jcmd} (nothing to restart), summarised as CPU samples per code area (the top frame's package) and the
 * hottest methods. The .jfr files stay in {@code bench/target/profiles/} for JDK Mission Control.
 */
public final class Profiler {

    /** Code areas, checked in order against the sampled top frame's class. */
    static final List<String[]> AREAS = List.of(
            new String[] {"io.crowdsurf.", "Crowdsurf code"},
            new String[] {"de.bwaldvogel.", "mongo-java-server (query, documents)"},
            new String[] {"org.h2.", "H2 MVStore (storage)"},
            new String[] {"kafka.", "Kafka broker"},
            new String[] {"org.apache.kafka.storage", "Kafka broker"},
            new String[] {"org.apache.kafka.server", "Kafka broker"},
            new String[] {"org.apache.kafka.", "Kafka client"},
            new String[] {"com.mongodb.", "MongoDB driver"},
            new String[] {"org.bson.", "MongoDB driver"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"io.cloudevents.", "CloudEvents SDK"},
            new String[] {"javax.crypto.", "crypto (HMAC)"},
            new String[] {"com.sun.crypto.", "crypto (HMAC)"},
            new String[] {"sun.security.", "crypto (HMAC)"},
            new String[] {"io.netty.", "Netty / Vert.x (HTTP, I/O)"},
            new String[] {"io.vertx.", "Netty / Vert.x (HTTP, I/O)"},
            new String[] {"sun.nio.", "JDK I/O"},
            new String[] {"java.nio.", "JDK I/O"},
            new String[] {"org.jboss.resteasy.", "Quarkus REST / Funqy"},
            new String[] {"io.quarkus.funqy.", "Quarkus REST / Funqy"},
            new String[] {"io.quarkus.", "Quarkus runtime"},
            new String[] {"io.smallrye.", "Quarkus runtime"},
            new String[] {"org.jboss.logmanager.", "logging"},
            new String[] {"io.micrometer.", "metrics (Micrometer)"},
            new String[] {"java.util.concurrent.", "JDK concurrency (locks, queues, virtual threads)"},
            new String[] {"jdk.internal.vm.", "JDK concurrency (locks, queues, virtual threads)"},
            new String[] {"java.lang.VirtualThread", "JDK concurrency (locks, queues, virtual threads)"},
            new String[] {"java.", "JDK (other)"},
            new String[] {"jdk.", "JDK (other)"},
            new String[] {"sun.", "JDK (other)"});

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Path dir;
    private final String jcmd;

    public Profiler(List<String> roles, Path dir) {
        this.dir = dir;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        CpuMeter.known().forEach((pid, role) -> {
            if (roles.contains(role)) {
                pids.put(role, pid);
            }
        });
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            String role = CpuMeter.role(cmd);
            if (!CpuMeter.known().containsValue(role) && cmd.contains("quarkus-run.jar") && roles.contains(role)
                    && !pids.containsKey(role)) {
                pids.put(role, p.pid());
            }
        });
    }

    /** Records the given processes (role → pid), e.g. a service the benchmark started itself. */
    public Profiler(Map<String, Long> pids, Path dir) {
        this.dir = dir;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        this.pids.putAll(pids);
    }

    /** A recording of this JVM (jcmd cannot attach to itself), when one of the pids is ours. */
    private jdk.jfr.Recording self;

    /** This checkout's {@code ./crowdsurf up} process of {@code service} (its command line carries the mark), if any. */
    public static Map<String, Long> devstackProcess(String service) {
        String mark = "-Dcrowdsurf.devstack=" + Machine.repoRoot();
        Map<String, Long> out = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains(mark + " ") && cmd.contains("-Dcrowdsurf.devstack.name=" + service + " ")) {
                out.put(service, p.pid());
            }
        });
        return out;
    }

    public void start() {
        long me = ProcessHandle.current().pid();
        pids.forEach((role, pid) -> {
            if (pid == me) {
                try {
                    self = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    self.start();
                } catch (IOException | java.text.ParseException e) {
                    System.err.println("JFR of this JVM failed: " + e.getMessage());
                }
            } else {
                jcmd(pid, "JFR.start", "name=crowdsurf-bench", "settings=profile");
            }
        });
    }

    /** Stops the recordings and summarises each. */
    public Map<String, Object> stop() throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Path file = dir.resolve(e.getKey() + "-" + System.currentTimeMillis() + ".jfr");
            if (e.getValue() == ProcessHandle.current().pid() && self != null) {
                self.dump(file);
                self.stop();
            } else {
                jcmd(e.getValue(), "JFR.dump", "name=crowdsurf-bench", "filename=" + file);
                jcmd(e.getValue(), "JFR.stop", "name=crowdsurf-bench");
            }
            if (Files.exists(file)) {
                Map<String, Object> summary = summarise(file);
                summary.put("file", file.toString());
                out.put(e.getKey(), summary);
            } else {
                out.put(e.getKey(), Map.of("error", "no recording written"));
            }
        }
        return out;
    }

    static Map<String, Object> summarise(Path file) throws IOException {
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        long samples = 0;
        for (RecordedEvent ev : RecordingFile.readAllEvents(file)) {
            if (!ev.getEventType().getName().equals("jdk.ExecutionSample") || ev.getStackTrace() == null
                    || ev.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = ev.getStackTrace().getFrames();
            RecordedFrame top = frames.get(0);
            String cls = top.getMethod().getType().getName();
            areas.merge(area(frames), 1L, Long::sum);
            methods.merge(cls + "." + top.getMethod().getName(), 1L, Long::sum);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("samples", samples);
        s.put("areas_pct", percentages(areas, samples, 20));
        s.put("top_methods_pct", percentages(methods, samples, 15));
        return s;
    }

    /**
     * The area of the first frame that is not plain JDK code (so a HashMap.get inside the MongoDB driver counts for
     * the driver); crypto stays crypto; a stack of only JDK frames is JDK.
     */
    static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null || f.getMethod().getType() == null) {
                continue;
            }
            String cls = f.getMethod().getType().getName();
            String a = area(cls);
            if (!a.startsWith("JDK")) {
                return a;
            }
        }
        return frames.isEmpty() || frames.get(0).getMethod() == null ? "JDK (other)"
                : area(frames.get(0).getMethod().getType().getName());
    }

    static String area(String cls) {
        for (String[] a : AREAS) {
            if (cls.startsWith(a[0])) {
                return a[1];
            }
        }
        return "other libraries";
    }

    private static Map<String, Double> percentages(Map<String, Long> counts, long total, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(limit)
                .forEach(e -> out.put(e.getKey(), Latency.round(100.0 * e.getValue() / Math.max(1, total))));
        return out;
    }

    /** Rows for a table: service, area, share of its CPU samples. */
    @SuppressWarnings("unchecked")
    public static List<List<String>> rows(Map<String, Object> profiles) {
        List<List<String>> rows = new ArrayList<>();
        profiles.forEach((role, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            Map<String, Double> areas = (Map<String, Double>) m.getOrDefault("areas_pct", Map.of());
            areas.entrySet().stream().limit(8).forEach(a -> rows.add(List.of(role, a.getKey(), a.getValue() + " %")));
        });
        return rows;
    }

    private void jcmd(long pid, String... args) {
        List<String> cmd = new ArrayList<>(List.of(jcmd, Long.toString(pid)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                System.err.println("jcmd " + String.join(" ", args) + " on " + pid + " failed: " + out);
            }
        } catch (IOException e) {
            System.err.println("jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
