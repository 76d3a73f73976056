package io.crowdsurf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU went during a run: user+system time of every process (from {@code /proc/<pid>/stat}), grouped by
 * role (bot-gateway, quiz-service, Kafka, MongoDB-wire, dispatcher, this generator, anything else), next to the
 * machine's total. On 2 shared cores this is the first breakdown to read when a goal is missed.
 */
public final class CpuMeter {

    private static final long HZ = 100; // USER_HZ on Linux

    /** Ticks per role, and the machine's busy and total ticks, at one moment. */
    public record Snapshot(long atNanos, Map<Long, String> roles, Map<Long, Long> ticks, long busy, long total) {
    }

    /** Processes identified by the port they listen on (the stack under test), pid → role. */
    private static volatile Map<Long, String> known = Map.of();

    private CpuMeter() {
    }

    /** Names the processes listening on the stack's ports, so other instances of a service are not mistaken for it. */
    public static void identify(Map<Integer, String> portRoles) {
        Map<Long, String> m = new HashMap<>();
        portRoles.forEach((port, role) -> Ports.pidListeningOn(port).ifPresent(pid -> m.put(pid, role)));
        known = Map.copyOf(m);
    }

    public static Map<Long, String> known() {
        return known;
    }

    public static Snapshot snapshot() {
        Map<Long, String> roles = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            long t = ticks(p.pid());
            if (t < 0) {
                return;
            }
            String role = p.pid() == self ? "bench (generator + stub)" : known.get(p.pid());
            if (role == null) {
                role = role(cmd);
                if (!known.isEmpty() && known.containsValue(role) || otherStack(cmd)) {
                    role = "other: another " + role + " instance";
                }
            }
            roles.put(p.pid(), role);
            ticks.put(p.pid(), t);
        });
        long busy = 0;
        long total = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave zeros
        }
        return new Snapshot(System.nanoTime(), roles, ticks, busy, total);
    }

    private static final String DEVSTACK_MARK = "-Dcrowdsurf.devstack=";
    private static final String OUR_ROOT = Machine.repoRoot().toString();

    /**
     * True for a process another checkout's {@code ./crowdsurf up} started (it carries {@code -Dcrowdsurf.devstack=}
     * with another repository path): on a machine shared by several stacks the dispatcher, which listens on no port,
     * or a service whose port could not be matched would otherwise be summed with its namesakes of the other stacks.
     */
    static boolean otherStack(String cmd) {
        int at = cmd.indexOf(DEVSTACK_MARK);
        if (at < 0) {
            return false;
        }
        String root = cmd.substring(at + DEVSTACK_MARK.length()).split("\\s+", 2)[0];
        return !root.equals(OUR_ROOT);
    }

    static String role(String cmd) {
        // infrastructure first: their command lines may mention services (e.g. the dispatcher's --subscriber)
        if (cmd.contains("kafka.Kafka")) {
            return "Kafka broker";
        }
        if (cmd.contains("MongoMain")) {
            return "MongoDB-wire";
        }
        if (cmd.contains("DispatcherMain")) {
            return "event dispatcher";
        }
        if (cmd.contains("plexus-classworlds") || cmd.contains("surefire")) {
            return "other: Maven builds/tests";
        }
        for (String service : List.of("bot-gateway", "quiz-service", "alert-service", "metrics-service")) {
            if (cmd.contains(service)) {
                return service;
            }
        }
        return "other: " + program(cmd);
    }

    /** The executable, or for java the jar or main class: enough to tell what else was running. */
    static String program(String cmd) {
        String[] words = cmd.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "?";
        }
        String exe = words[0].substring(words[0].lastIndexOf('/') + 1);
        if (!exe.equals("java")) {
            return exe;
        }
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.equals("-jar") && i + 1 < words.length) {
                return "java " + words[i + 1].substring(words[i + 1].lastIndexOf('/') + 1);
            }
            if (w.equals("-cp") || w.equals("-classpath") || w.equals("--class-path")) {
                i++;
                continue;
            }
            if (!w.startsWith("-")) {
                return "java " + w;
            }
        }
        return "java";
    }

    /** CPU seconds (user + system) a process has used so far, or -1 when it cannot be read. */
    static double cpuSeconds(long pid) {
        long t = ticks(pid);
        return t < 0 ? -1 : t / (double) HZ;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the comm field: state(0) ... utime(11) stime(12)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds per role between two snapshots (processes that started in between count from zero). */
    public static Map<String, Object> between(Snapshot a, Snapshot b) {
        Map<String, Double> seconds = new TreeMap<>();
        for (Map.Entry<Long, Long> e : b.ticks().entrySet()) {
            long before = a.ticks().getOrDefault(e.getKey(), 0L);
            double s = Math.max(0, e.getValue() - before) / (double) HZ;
            if (s > 0) {
                seconds.merge(b.roles().get(e.getKey()), s, Double::sum);
            }
        }
        double wall = (b.atNanos() - a.atNanos()) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wall_seconds", Latency.round(wall));
        out.put("machine_busy_pct", b.total() > a.total()
                ? Latency.round(100.0 * (b.busy() - a.busy()) / (b.total() - a.total())) : null);
        Map<String, Object> roles = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                .forEach(e -> roles.put(e.getKey(), Map.of("cpu_seconds", Latency.round(e.getValue()),
                        "pct_of_machine", Latency.round(100 * e.getValue() / (wall * cores)))));
        out.put("roles", roles);
        return out;
    }

    /** Rows for a table: role, CPU seconds, share of the machine. */
    @SuppressWarnings("unchecked")
    public static List<List<String>> rows(Map<String, Object> between) {
        Map<String, Object> roles = (Map<String, Object>) between.get("roles");
        return roles.entrySet().stream().map(e -> {
            Map<String, Object> v = (Map<String, Object>) e.getValue();
            return List.of(e.getKey(), v.get("cpu_seconds") + " s", v.get("pct_of_machine") + " %");
        }).toList();
    }
}
