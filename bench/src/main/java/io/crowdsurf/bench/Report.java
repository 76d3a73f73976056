package io.crowdsurf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** A benchmark's printed tables and its JSON result file {@code bench/results/<name>-<timestamp>.json}. */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String name;
    private final ZonedDateTime startedAt = ZonedDateTime.now(ZoneOffset.UTC);
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<String> printed = new ArrayList<>();
    private final String resultsDir;

    public Report(String name, Options options) {
        this.name = name;
        this.resultsDir = options.string("results-dir", null);
        root.put("benchmark", name);
        root.put("started_at", startedAt.toString());
        root.put("options", options.given());
        root.put("machine", Machine.describe());
    }

    public void put(String key, Object value) {
        root.put(key, value);
    }

    /** Prints a Markdown table (so README can take it verbatim) and keeps it in the result file. */
    public void table(String title, List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("### ").append(title).append("\n\n");
        sb.append(row(header)).append('\n');
        sb.append(row(header.stream().map(h -> "---").toList())).append('\n');
        for (List<String> r : rows) {
            sb.append(row(r)).append('\n');
        }
        System.out.print(sb);
        System.out.flush();
        printed.add(sb.toString());
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    public void line(String text) {
        System.out.println(text);
        printed.add(text + "\n");
    }

    public Path write() {
        root.put("finished_at", ZonedDateTime.now(ZoneOffset.UTC).toString());
        root.put("load_average_at_end", Machine.loadAverage());
        root.put("tables", String.join("", printed));
        Path dir = resultsDir == null ? resultsDir() : Path.of(resultsDir);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + STAMP.format(startedAt) + ".json");
            JSON.writeValue(file.toFile(), root);
            System.out.println("\nresults written to " + file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --results-dir} / {@code BENCH_RESULTS_DIR}, else {@code <repo>/bench/results} next to the jar, else {@code ./bench/results}. */
    static Path resultsDir() {
        Path repo = Machine.repoRoot();
        return repo.resolve("bench").resolve("results");
    }

    public static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%.1f ms", v);
    }

    public static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }

    public static String passMiss(boolean pass) {
        return pass ? "PASS" : "MISS";
    }
}
