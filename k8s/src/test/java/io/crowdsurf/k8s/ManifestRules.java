package io.crowdsurf.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventJson;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.Service;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The rules our manifests must keep, each returning its violations (empty = fine) so that tests can
 * also feed them broken input and see them fail. Rules about the platform (Knative annotation
 * semantics, probes, limits) apply to every rendering; rules about the event contract tie the Triggers
 * and schedules to {@link EventType}, the catalog in the events module.
 */
final class ManifestRules {

    static final String BROKER = "crowdsurf";
    static final String EVENTS_TOPIC = "crowdsurf.events";
    static final String DLQ_TOPIC = "crowdsurf.events.dlq";
    static final String DLQ_SINK = "crowdsurf-dlq";
    static final String CONFIG = "crowdsurf-config";
    static final String SECRETS = "crowdsurf-secrets";
    static final String KSVC_API = "serving.knative.dev/v1";
    static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";

    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    /** Knative Serving's per-revision autoscaling annotations; anything else under the prefix is a typo. */
    private static final Set<String> AUTOSCALING_KEYS = Set.of("min-scale", "max-scale", "initial-scale",
            "activation-scale", "target", "target-utilization-percentage", "metric", "class", "window",
            "panic-window-percentage", "panic-threshold-percentage", "scale-down-delay",
            "scale-to-zero-pod-retention-period");
    private static final Set<String> INTEGER_SCALES = Set.of("min-scale", "max-scale", "initial-scale", "activation-scale");
    /** Our channel and admin credentials: empty in the example Secret, so a forgotten one disables, never opens. */
    static final Set<String> CHANNEL_SECRETS = Set.of("MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN",
            "MESSENGER_PAGE_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN",
            "TELEGRAM_BOT_TOKEN", "CROWDSURF_ADMIN_TOKEN");

    private ManifestRules() {
    }

    // ---- the model ----------------------------------------------------------------------------------

    static List<String> unknownFields(Manifests m) {
        return m.typed.stream().flatMap(r -> StrictModel.unknownFields(r).stream()).toList();
    }

    /** No two objects share kind, namespace and name: the later one would silently win on apply. */
    static List<String> uniqueNames(Manifests m) {
        Map<String, Integer> seen = new HashMap<>();
        m.typed.forEach(r -> seen.merge(r.getApiVersion() + "/" + r.getKind() + "/" + r.getMetadata().getNamespace()
                + "/" + r.getMetadata().getName(), 1, Integer::sum));
        return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> "defined twice: " + e.getKey()).toList();
    }

    // ---- workloads ----------------------------------------------------------------------------------

    /** A pod template found in the rendering, and whether it runs for good (needs probes) or to completion. */
    record Pod(String owner, PodSpec spec, boolean longRunning) {
    }

    static List<Pod> pods(Manifests m) {
        List<Pod> pods = new ArrayList<>();
        m.all(StatefulSet.class).forEach(s -> pods.add(new Pod("StatefulSet/" + name(s), s.getSpec().getTemplate().getSpec(), true)));
        m.all(Deployment.class).forEach(d -> pods.add(new Pod("Deployment/" + name(d), d.getSpec().getTemplate().getSpec(), true)));
        m.all(Job.class).forEach(j -> pods.add(new Pod("Job/" + name(j), j.getSpec().getTemplate().getSpec(), false)));
        m.all(CronJob.class).forEach(c -> pods.add(new Pod("CronJob/" + name(c),
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(), false)));
        for (io.fabric8.knative.serving.v1.Service k : m.all(io.fabric8.knative.serving.v1.Service.class)) {
            var rs = k.getSpec().getTemplate().getSpec();
            // Knative's RevisionSpec inlines the PodSpec fields; copy the ones the rules look at.
            PodSpec spec = new PodSpec();
            spec.setContainers(rs.getContainers());
            spec.setInitContainers(rs.getInitContainers());
            spec.setVolumes(rs.getVolumes());
            pods.add(new Pod("KnativeService/" + name(k), spec, true));
        }
        return pods;
    }

    /**
     * Every container: requests and limits for cpu and memory, requests within limits, a pinned image
     * tag; long-running ones a readiness and a liveness probe. Every ConfigMap/Secret a container reads
     * exists in the rendering (unless marked optional).
     */
    static List<String> containers(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Pod pod : pods(m)) {
            List<Container> all = new ArrayList<>(pod.spec().getContainers());
            all.addAll(Optional.ofNullable(pod.spec().getInitContainers()).orElse(List.of()));
            if (pod.spec().getContainers().isEmpty()) {
                v.add(pod.owner() + ": no containers");
            }
            for (Container c : all) {
                String where = pod.owner() + " container " + c.getName();
                v.addAll(resources(where, c.getResources()));
                String image = Objects.toString(c.getImage(), "");
                String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                        ? image.substring(image.lastIndexOf(':') + 1) : "";
                if (tag.isEmpty() || tag.equals("latest")) {
                    v.add(where + ": image " + image + " must carry a pinned tag or digest");
                }
                if (pod.longRunning() && pod.spec().getContainers().contains(c)) {
                    if (c.getReadinessProbe() == null) {
                        v.add(where + ": no readinessProbe");
                    }
                    if (c.getLivenessProbe() == null) {
                        v.add(where + ": no livenessProbe");
                    }
                }
                for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                    if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
                            && m.find(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                        v.add(where + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " is not defined");
                    }
                    if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())
                            && m.find(Secret.class, from.getSecretRef().getName()).isEmpty()) {
                        v.add(where + ": envFrom Secret " + from.getSecretRef().getName() + " is not defined");
                    }
                }
            }
        }
        return v;
    }

    private static List<String> resources(String where, ResourceRequirements r) {
        List<String> v = new ArrayList<>();
        if (r == null) {
            return List.of(where + ": needs resources.requests and resources.limits");
        }
        for (String res : List.of("cpu", "memory")) {
            Quantity req = r.getRequests() == null ? null : r.getRequests().get(res);
            Quantity lim = r.getLimits() == null ? null : r.getLimits().get(res);
            if (req == null || lim == null) {
                v.add(where + ": needs a " + res + " request and limit");
                continue;
            }
            try {
                BigDecimal reqValue = Quantity.getAmountInBytes(req);
                BigDecimal limValue = Quantity.getAmountInBytes(lim);
                if (reqValue.signum() <= 0) {
                    v.add(where + ": " + res + " request must be positive");
                }
                if (reqValue.compareTo(limValue) > 0) {
                    v.add(where + ": " + res + " request " + req + " exceeds limit " + lim);
                }
            } catch (IllegalArgumentException e) {
                v.add(where + ": " + res + " is not a quantity: " + e.getMessage());
            }
        }
        return v;
    }

    // ---- Knative Services -------------------------------------------------------------------------

    /**
     * What Knative would reject or silently ignore, and what we want of every service: autoscaling
     * annotations on the revision template only, known keys, integer scales with min ≤ initial ≤ max and
     * max set (a spike must not take the whole cluster), a positive target; one container with one port;
     * probes on the Quarkus health paths without a port of their own; a name the catalog knows.
     */
    static List<String> knativeServices(Manifests m) {
        List<String> v = new ArrayList<>();
        Set<String> known = Stream.of(Service.values()).filter(s -> s != Service.SCHEDULE).map(Service::id)
                .collect(Collectors.toSet());
        for (io.fabric8.knative.serving.v1.Service k : m.all(io.fabric8.knative.serving.v1.Service.class)) {
            String where = "KnativeService/" + name(k);
            if (!known.contains(catalogId(k))) {
                v.add(where + ": not a service of the catalog " + known + " (by name or its " + NAME_LABEL + " label)");
            }
            annotations(k).keySet().stream().filter(a -> a.startsWith(AUTOSCALING)).forEach(a -> v.add(
                    where + ": " + a + " belongs on spec.template.metadata.annotations (Knative rejects it here)"));
            if (k.getSpec() == null || k.getSpec().getTemplate() == null || k.getSpec().getTemplate().getSpec() == null) {
                v.add(where + ": no spec.template.spec");
                continue;
            }
            var template = k.getSpec().getTemplate();
            Map<String, String> ann = template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                    ? Map.of() : template.getMetadata().getAnnotations();
            v.addAll(autoscaling(where, ann, template.getSpec().getContainerConcurrency()));
            List<Container> cs = template.getSpec().getContainers();
            if (cs == null || cs.size() != 1) {
                v.add(where + ": expected exactly one container");
                continue;
            }
            Container c = cs.get(0);
            if (c.getPorts() == null || c.getPorts().size() != 1) {
                v.add(where + ": the container must declare exactly one port (the one Knative routes to)");
                continue;
            }
            int port = c.getPorts().get(0).getContainerPort();
            v.addAll(probe(where + " readinessProbe", c.getReadinessProbe(), "/q/health/ready", port));
            v.addAll(probe(where + " livenessProbe", c.getLivenessProbe(), "/q/health/live", port));
        }
        return v;
    }

    static List<String> autoscaling(String where, Map<String, String> ann, Long containerConcurrency) {
        List<String> v = new ArrayList<>();
        Map<String, Long> scales = new HashMap<>();
        for (Map.Entry<String, String> e : ann.entrySet()) {
            if (!e.getKey().startsWith(AUTOSCALING)) {
                continue;
            }
            String key = e.getKey().substring(AUTOSCALING.length());
            if (!AUTOSCALING_KEYS.contains(key)) {
                v.add(where + ": unknown annotation " + e.getKey());
            } else if (INTEGER_SCALES.contains(key)) {
                try {
                    long n = Long.parseLong(e.getValue());
                    if (n < 0) {
                        v.add(where + ": " + e.getKey() + " must not be negative");
                    }
                    scales.put(key, n);
                } catch (NumberFormatException x) {
                    v.add(where + ": " + e.getKey() + " is not an integer: " + e.getValue());
                }
            } else if (key.equals("target")) {
                try {
                    if (Double.parseDouble(e.getValue()) <= 0) {
                        v.add(where + ": " + e.getKey() + " must be positive");
                    }
                } catch (NumberFormatException x) {
                    v.add(where + ": " + e.getKey() + " is not a number: " + e.getValue());
                }
            }
        }
        Long max = scales.get("max-scale");
        if (max == null || max == 0) {
            v.add(where + ": " + AUTOSCALING + "max-scale must be set and above 0");
        } else {
            long min = scales.getOrDefault("min-scale", 0L);
            if (min > max) {
                v.add(where + ": min-scale " + min + " > max-scale " + max);
            }
            Long initial = scales.get("initial-scale");
            if (initial != null && initial > max) {
                v.add(where + ": initial-scale " + initial + " > max-scale " + max);
            }
        }
        String target = ann.get(AUTOSCALING + "target");
        if (containerConcurrency != null && containerConcurrency > 0 && target != null) {
            try {
                if (Double.parseDouble(target) > containerConcurrency) {
                    v.add(where + ": target " + target + " > containerConcurrency " + containerConcurrency);
                }
            } catch (NumberFormatException ignored) {
                // reported above
            }
        }
        return v;
    }

    private static List<String> probe(String where, Probe p, String path, int port) {
        if (p == null || p.getHttpGet() == null) {
            return List.of(where + ": must be an httpGet on " + path);
        }
        HTTPGetAction get = p.getHttpGet();
        List<String> v = new ArrayList<>();
        if (!path.equals(get.getPath())) {
            v.add(where + ": path " + get.getPath() + ", expected " + path);
        }
        if (get.getPort() != null && !Objects.equals(get.getPort().getIntVal(), port)) {
            Object given = get.getPort().getIntVal() != null ? get.getPort().getIntVal() : get.getPort().getStrVal();
            v.add(where + ": Knative only probes the serving port " + port + ", not " + given);
        }
        return v;
    }

    // ---- broker, dead letters, topics ---------------------------------------------------------------

    static List<String> broker(Manifests m) {
        List<String> v = new ArrayList<>();
        Optional<Broker> found = m.find(Broker.class, BROKER);
        if (found.isEmpty() || m.all(Broker.class).size() != 1) {
            return List.of("expected exactly one Broker, named " + BROKER);
        }
        Broker b = found.get();
        Map<String, String> ann = annotations(b);
        if (!"Kafka".equals(ann.get("eventing.knative.dev/broker.class"))) {
            v.add("Broker " + BROKER + ": eventing.knative.dev/broker.class must be Kafka");
        }
        if (!EVENTS_TOPIC.equals(ann.get("kafka.eventing.knative.dev/external.topic"))) {
            v.add("Broker " + BROKER + ": kafka.eventing.knative.dev/external.topic must be " + EVENTS_TOPIC);
        }
        String bootstrap = configValue(m, CONFIG, "KAFKA_BOOTSTRAP_SERVERS");
        KReference config = b.getSpec() == null ? null : b.getSpec().getConfig();
        if (config == null || !"ConfigMap".equals(config.getKind())) {
            v.add("Broker " + BROKER + ": spec.config must reference a ConfigMap");
        } else if (!Objects.equals(configValue(m, config.getName(), "bootstrap.servers"), bootstrap)) {
            v.add("Broker config " + config.getName() + ": bootstrap.servers must equal " + CONFIG
                    + " KAFKA_BOOTSTRAP_SERVERS (" + bootstrap + ")");
        }
        if (b.getSpec() != null && b.getSpec().getDelivery() != null) {
            v.addAll(delivery(m, "Broker " + BROKER, b.getSpec().getDelivery()));
        }
        Optional<KafkaSink> dlq = m.find(KafkaSink.class, DLQ_SINK);
        if (dlq.isEmpty()) {
            v.add("KafkaSink " + DLQ_SINK + " is missing");
        } else {
            if (!DLQ_TOPIC.equals(dlq.get().getSpec().getTopic())) {
                v.add("KafkaSink " + DLQ_SINK + ": topic must be " + DLQ_TOPIC);
            }
            if (!List.of(Objects.toString(bootstrap)).equals(dlq.get().getSpec().getBootstrapServers())) {
                v.add("KafkaSink " + DLQ_SINK + ": bootstrapServers must be [" + bootstrap + "]");
            }
        }
        // The broker's external topic is not created by Knative: the topics Job must create all three.
        String script = m.find(Job.class, "kafka-topics").map(j -> String.join("\n",
                j.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())).orElse("");
        for (String topic : List.of(EVENTS_TOPIC, "crowdsurf.hits", DLQ_TOPIC)) {
            if (!script.contains("create " + topic + " ")) {
                v.add("Job kafka-topics does not create topic " + topic);
            }
        }
        return v;
    }

    /** Retries with a backoff, and a dead-letter sink that is our KafkaSink. */
    static List<String> delivery(Manifests m, String where, DeliverySpec d) {
        List<String> v = new ArrayList<>();
        if (d == null) {
            return List.of(where + ": needs a delivery spec (retry, backoff, deadLetterSink)");
        }
        if (d.getRetry() == null || d.getRetry() < 1) {
            v.add(where + ": delivery.retry must be at least 1");
        }
        if (!Set.of("linear", "exponential").contains(Objects.toString(d.getBackoffPolicy()))) {
            v.add(where + ": delivery.backoffPolicy must be linear or exponential");
        }
        try {
            if (d.getBackoffDelay() == null || Duration.parse(d.getBackoffDelay()).isNegative()) {
                v.add(where + ": delivery.backoffDelay must be an ISO-8601 duration");
            }
        } catch (DateTimeParseException e) {
            v.add(where + ": delivery.backoffDelay is not an ISO-8601 duration: " + d.getBackoffDelay());
        }
        Destination dls = d.getDeadLetterSink();
        KReference ref = dls == null ? null : dls.getRef();
        if (ref == null || !KAFKA_SINK_API.equals(ref.getApiVersion()) || !"KafkaSink".equals(ref.getKind())
                || m.find(KafkaSink.class, ref.getName()).isEmpty()) {
            v.add(where + ": delivery.deadLetterSink must reference a KafkaSink defined here (" + DLQ_SINK + ")");
        }
        return v;
    }

    // ---- Triggers and the catalog -------------------------------------------------------------------

    /**
     * Every Trigger: on our broker, filtering on {@code type} (plus, for chat.command.received only, the command's
 * {@code crowdsurfcommand}), of a non-terminal
     * catalog type; its subscriber a Knative Service defined here that the catalog lists as a consumer of
     * that type; a full delivery spec; named {@code <service>--<type without com.crowdsurf., dashed>}.
     */
    /** The attributes a Trigger may filter on: the type, and a command's name on chat.command.received. */
    static final Set<String> COMMAND_FILTERED = Set.of("type", CrowdsurfEvents.COMMAND);

    static List<String> triggers(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Trigger t : m.all(Trigger.class)) {
            String where = "Trigger " + name(t);
            var spec = t.getSpec();
            if (spec == null) {
                v.add(where + ": no spec");
                continue;
            }
            if (!BROKER.equals(spec.getBroker())) {
                v.add(where + ": broker must be " + BROKER + ", not " + spec.getBroker());
            }
            if (spec.getFilters() != null && !spec.getFilters().isEmpty()) {
                v.add(where + ": use filter.attributes (the local dispatcher reads that), not filters");
            }
            Map<String, String> attrs = spec.getFilter() == null || spec.getFilter().getAttributes() == null
                    ? Map.of() : spec.getFilter().getAttributes();
            if (!attrs.containsKey("type") || !COMMAND_FILTERED.containsAll(attrs.keySet())
                    || (attrs.containsKey(CrowdsurfEvents.COMMAND)
                            && !EventType.CHAT_COMMAND_RECEIVED.type().equals(attrs.get("type")))) {
                v.add(where + ": filter.attributes must hold exactly `type` (and, for chat.command.received, "
                        + CrowdsurfEvents.COMMAND + "), found " + attrs.keySet());
            }
            if (EventType.CHAT_COMMAND_RECEIVED.type().equals(attrs.get("type"))
                    && (attrs.get(CrowdsurfEvents.COMMAND) == null || attrs.get(CrowdsurfEvents.COMMAND).isBlank())) {
                v.add(where + ": a chat.command.received Trigger must filter on " + CrowdsurfEvents.COMMAND
                        + ", or it would receive every other service's commands");
            }
            Optional<EventType> type = EventType.find(attrs.get("type"));
            if (type.isEmpty()) {
                v.add(where + ": type " + attrs.get("type") + " is not in the event catalog");
            } else if (type.get().terminal()) {
                v.add(where + ": type " + type.get().type() + " is terminal in the catalog: nobody consumes it");
            }
            KReference ref = spec.getSubscriber() == null ? null : spec.getSubscriber().getRef();
            if (ref == null || !KSVC_API.equals(ref.getApiVersion()) || !"Service".equals(ref.getKind())) {
                v.add(where + ": subscriber must be a ref to a " + KSVC_API + " Service");
            } else {
                if (ref.getNamespace() != null) {
                    v.add(where + ": subscriber must not name a namespace (the kustomization sets it)");
                }
                var subscriber = m.find(io.fabric8.knative.serving.v1.Service.class, ref.getName());
                if (subscriber.isEmpty()) {
                    v.add(where + ": subscriber " + ref.getName() + " is not a Knative Service defined here");
                }
                // A role Service (bot-gateway-replies) is its catalog service by its name label.
                String consumer = subscriber.map(ManifestRules::catalogId).orElse(ref.getName());
                if (type.isPresent() && type.get().consumers().stream().noneMatch(s -> s.id().equals(consumer))) {
                    v.add(where + ": the catalog does not list " + consumer + " as a consumer of " + type.get().type());
                }
                if (type.isPresent() && !name(t).equals(triggerName(consumer, type.get()))) {
                    v.add(where + ": should be named " + triggerName(consumer, type.get()));
                }
            }
            v.addAll(delivery(m, where, spec.getDelivery()));
        }
        return v;
    }

    static final String NAME_LABEL = "app.kubernetes.io/name";

    /**
     * The catalog service a Knative Service runs: its {@value #NAME_LABEL} label, else its name. One image may run
     * as several Services, one per role (bot-gateway and bot-gateway-replies are both bot-gateway).
     */
    static String catalogId(io.fabric8.knative.serving.v1.Service k) {
        Map<String, String> labels = k.getMetadata() == null ? null : k.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(NAME_LABEL);
        return label == null || label.isBlank() ? name(k) : label;
    }

    static String triggerName(String service, EventType type) {
        return service + "--" + type.type().substring("com.crowdsurf.".length()).replace('.', '-');
    }

    /** The converse: every (type, consumer) pair of the catalog has exactly one Trigger. */
    static List<String> catalogCoverage(Manifests m) {
        Map<String, Integer> pairs = new LinkedHashMap<>();
        for (Trigger t : m.all(Trigger.class)) {
            if (t.getSpec() == null || t.getSpec().getFilter() == null || t.getSpec().getSubscriber() == null
                    || t.getSpec().getFilter().getAttributes() == null || t.getSpec().getSubscriber().getRef() == null) {
                continue; // reported by triggers()
            }
            String ref = t.getSpec().getSubscriber().getRef().getName();
            String consumer = m.find(io.fabric8.knative.serving.v1.Service.class, ref).map(ManifestRules::catalogId)
                    .orElse(ref);
            pairs.merge(t.getSpec().getFilter().getAttributes().get("type") + " -> " + consumer, 1, Integer::sum);
        }
        List<String> v = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (Service consumer : type.consumers()) {
                int n = pairs.getOrDefault(type.type() + " -> " + consumer.id(), 0);
                if (n != 1) {
                    v.add("catalog pair " + type.type() + " -> " + consumer.id() + " has " + n + " Triggers, expected 1");
                }
            }
        }
        pairs.forEach((pair, n) -> {
            if (n > 1) {
                v.add(pair + " has " + n + " Triggers: each would deliver the event again");
            }
        });
        return v;
    }

    // ---- schedules ----------------------------------------------------------------------------------

    /**
     * Every schedule (a CronJob labelled app.kubernetes.io/component=schedule) posts a catalog type that
     * the catalog says a schedule emits, from the schedule source, with data that reads strictly (no
     * unknown or misspelt field) as the type's data record; and a SinkBinding points its Jobs at the broker.
     */
    static List<String> schedules(Manifests m) {
        List<String> v = new ArrayList<>();
        ObjectReader strict = EventJson.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).reader();
        List<CronJob> cronJobs = m.all(CronJob.class).stream()
                .filter(c -> "schedule".equals(labels(c).get("app.kubernetes.io/component"))).toList();
        if (cronJobs.isEmpty()) {
            v.add("no schedules (CronJobs labelled app.kubernetes.io/component=schedule)");
        }
        for (CronJob c : cronJobs) {
            String where = "CronJob " + name(c);
            if (c.getSpec().getSchedule() == null || c.getSpec().getSchedule().trim().split("\\s+").length != 5) {
                v.add(where + ": schedule must be a five-field cron expression");
            }
            var jobTemplate = c.getSpec().getJobTemplate();
            Map<String, String> jobLabels = jobTemplate.getMetadata() == null || jobTemplate.getMetadata().getLabels() == null
                    ? Map.of() : jobTemplate.getMetadata().getLabels();
            boolean bound = m.all(SinkBinding.class).stream().anyMatch(sb -> bindsToBroker(sb, jobLabels));
            if (!bound) {
                v.add(where + ": no SinkBinding selects its Jobs (batch/v1 Job, by label) and sinks to Broker " + BROKER);
            }
            Map<String, String> env = new HashMap<>();
            for (Container ct : jobTemplate.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : Optional.ofNullable(ct.getEnv()).orElse(List.of())) {
                    env.put(e.getName(), e.getValue());
                }
            }
            Optional<EventType> type = EventType.find(env.get("CE_TYPE"));
            if (type.isEmpty()) {
                v.add(where + ": CE_TYPE " + env.get("CE_TYPE") + " is not in the event catalog");
                continue;
            }
            if (!type.get().emitters().contains(Service.SCHEDULE)) {
                v.add(where + ": the catalog does not list the schedule as an emitter of " + type.get().type());
            }
            if (env.get("CE_SOURCE") == null || !env.get("CE_SOURCE").startsWith(Service.SCHEDULE.source())) {
                v.add(where + ": CE_SOURCE must start with " + Service.SCHEDULE.source());
            }
            if (env.get("CE_ID_PREFIX") == null || env.get("CE_ID_SLOT_FORMAT") == null) {
                v.add(where + ": CE_ID_PREFIX and CE_ID_SLOT_FORMAT make the id of a retried run stable; both are needed");
            }
            try {
                strict.readValue(Objects.requireNonNull(env.get("CE_DATA"), "CE_DATA is missing"), type.get().dataClass());
            } catch (JsonProcessingException e) {
                v.add(where + ": CE_DATA is not a valid " + type.get().dataClass().getSimpleName() + ": " + e.getOriginalMessage());
            } catch (IOException | RuntimeException e) {
                v.add(where + ": CE_DATA is not a valid " + type.get().dataClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return v;
    }

    private static boolean bindsToBroker(SinkBinding sb, Map<String, String> jobLabels) {
        var subject = sb.getSpec().getSubject();
        KReference sink = sb.getSpec().getSink() == null ? null : sb.getSpec().getSink().getRef();
        return subject != null && "batch/v1".equals(subject.getApiVersion()) && "Job".equals(subject.getKind())
                && subject.getSelector() != null && subject.getSelector().getMatchLabels() != null
                && jobLabels.entrySet().containsAll(subject.getSelector().getMatchLabels().entrySet())
                && sink != null && "Broker".equals(sink.getKind()) && BROKER.equals(sink.getName());
    }

    // ---- secrets and files --------------------------------------------------------------------------

    /** In the example Secret every channel and admin credential is empty (disabled), never a placeholder. */
    static List<String> placeholderSecrets(Manifests m) {
        Optional<Secret> s = m.find(Secret.class, SECRETS);
        if (s.isEmpty()) {
            return List.of("Secret " + SECRETS + " is missing");
        }
        Map<String, String> data = Optional.ofNullable(s.get().getData()).orElse(Map.of());
        List<String> v = new ArrayList<>();
        for (String key : new TreeSet<>(CHANNEL_SECRETS)) {
            if (!data.containsKey(key)) {
                v.add("Secret " + SECRETS + ": " + key + " is missing (list it, empty)");
            } else if (!data.get(key).isBlank()) {
                v.add("Secret " + SECRETS + ": " + key + " must be empty in the example: a known value would open the channel to anyone");
            }
        }
        return v;
    }

    /**
     * Every file under base/triggers is listed in base/kustomization.yaml (an unlisted one would route
     * locally, through the devstack dispatcher, but never on Knative), and holds exactly one Trigger named
     * after the file.
     */
    static List<String> triggerFiles(Path base) {
        List<String> v = new ArrayList<>();
        Set<String> listed = Yaml.list(Kustomize.kustomization(base).get("resources"), "resources").stream()
                .map(Object::toString).map(s -> Path.of(s).normalize().toString()).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(base.resolve("triggers"))) {
            for (Path f : files.sorted().toList()) {
                String rel = base.relativize(f).toString();
                if (!listed.contains(rel)) {
                    v.add(rel + " is not listed in base/kustomization.yaml resources");
                }
                if (!rel.endsWith(".yaml")) {
                    v.add(rel + ": trigger files end in .yaml");
                    continue;
                }
                List<Map<String, Object>> docs = Yaml.readAll(f);
                String expected = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                if (docs.size() != 1 || !"Trigger".equals(docs.get(0).get("kind")) || !expected.equals(Yaml.name(docs.get(0)))) {
                    v.add(rel + ": must hold exactly one Trigger named " + expected);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String configValue(Manifests m, String configMap, String key) {
        return m.find(ConfigMap.class, configMap).map(ConfigMap::getData).map(d -> d.get(key)).orElse(null);
    }

    static String name(HasMetadata r) {
        return r.getMetadata().getName();
    }

    private static Map<String, String> annotations(HasMetadata r) {
        return r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
    }

    private static Map<String, String> labels(HasMetadata r) {
        return r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
    }
}
