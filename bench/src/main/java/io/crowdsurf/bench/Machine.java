package io.crowdsurf.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the numbers were measured on: cores, memory, CPU, kernel, the generator's JDK, the running services. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_total", meminfo("MemTotal"));
        m.put("cpu", cpuModel());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("load_average_at_start", loadAverage());
        m.put("generator_jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("running_services", runningServices());
        m.put("git", git());
        return m;
    }

    /** Quarkus processes on this machine (the stack under test): which JVM and jar, and their RSS now. */
    public static List<Map<String, Object>> runningServices() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("quarkus-run.jar")).orElse(false))
                .map(p -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("pid", p.pid());
                    s.put("command", p.info().commandLine().orElse("?"));
                    s.put("rss_mib", rssKib(p.pid()).map(k -> k / 1024).orElse(null));
                    return s;
                }).toList();
    }

    /** The commit measured, and which files differed from it (others may be editing the tree). */
    static Map<String, Object> git() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("head", run("git", "-C", repoRoot().toString(), "rev-parse", "HEAD").trim());
        String status = run("git", "-C", repoRoot().toString(), "status", "--porcelain", "--untracked-files=no");
        g.put("modified", status.lines().map(String::trim).toList());
        return g;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** 1, 5 and 15 minute load averages: a busy machine explains odd numbers. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    public static Optional<Long> rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static String meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key + ":")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }

    /** The repository: {@code BENCH_REPO}, else three levels above {@code bench/target/bench.jar}, else the cwd. */
    public static Path repoRoot() {
        String configured = System.getenv("BENCH_REPO");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path code = Path.of(Machine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/bench.jar or bench/target/classes
            Path candidate = code.getParent().getParent().getParent();
            if (Files.isDirectory(candidate.resolve("bench")) && Files.exists(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
