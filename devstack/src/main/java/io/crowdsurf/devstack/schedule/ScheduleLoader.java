package io.crowdsurf.devstack.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads the CronJobs of the manifests (a file or the {@code *.yaml} directly in a directory) that post catalog
 * events: those whose container sets {@code CE_TYPE}. The same files Kubernetes runs, so the laptop plays the same
 * schedules as the cluster.
 */
public final class ScheduleLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScheduleLoader() {
    }

    public static List<Schedule> load(Path root) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> list = Files.list(root)) {
                list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            files.add(root);
        }
        List<Schedule> out = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && "CronJob".equals(doc.path("kind").asText())) {
                        schedule(doc).ifPresent(out::add);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return out;
    }

    private static java.util.Optional<Schedule> schedule(JsonNode cronJob) {
        JsonNode containers = cronJob.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                .path("containers");
        Map<String, String> env = new HashMap<>();
        for (JsonNode c : containers) {
            for (JsonNode e : c.path("env")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        if (!env.containsKey("CE_TYPE")) {
            return java.util.Optional.empty();
        }
        String zone = cronJob.path("spec").path("timeZone").asText("Etc/UTC");
        return java.util.Optional.of(new Schedule(cronJob.path("metadata").path("name").asText(),
                Cron.parse(cronJob.path("spec").path("schedule").asText()), ZoneId.of(zone), env.get("CE_TYPE"),
                env.getOrDefault("CE_SOURCE", "/crowdsurf/schedule"), env.getOrDefault("CE_ID_PREFIX", "schedule"),
                env.getOrDefault("CE_ID_SLOT_FORMAT", "%Y%m%dT%H%M"), env.getOrDefault("CE_DATA", "{}")));
    }
}
