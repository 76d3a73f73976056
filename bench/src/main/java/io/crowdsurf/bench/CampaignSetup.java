package io.crowdsurf.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Creates and opens the benchmark's campaign through the admin API, and reads its ticket counts back. */
public record CampaignSetup(String id, JsonNode created) {

    /** Tickets issued according to the stats endpoint, and each pool's remaining count. */
    public record Tickets(Integer issued, Integer lowestRemaining, Map<String, Integer> pools) {
    }

    public static CampaignSetup create(AdminApi admin, String name, List<String> pageIds, double probability,
            List<QrSpike.Quiz> questions, List<String> poolNames, List<Integer> capacities, Map<String, String> texts)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", name);
        body.put("name", name);
        Instant now = Instant.now();
        body.put("startsAt", now.minus(1, ChronoUnit.MINUTES).toString());
        body.put("endsAt", now.plus(1, ChronoUnit.DAYS).toString());
        body.put("channels", pageIds.stream().map(p -> Map.of("platform", "messenger", "botId", p)).toList());
        body.put("selection", Map.of("mode", "INSTANT", "probability", probability));
        List<Map<String, Object>> qs = new ArrayList<>();
        for (QrSpike.Quiz q : questions) {
            qs.add(Map.of("text", q.text(), "accepted", List.of(q.answer()), "options", q.options()));
        }
        body.put("questions", qs);
        body.put("requiredCorrect", questions.size());
        List<Map<String, Object>> pools = new ArrayList<>();
        for (int i = 0; i < poolNames.size(); i++) {
            pools.add(Map.of("id", "pool" + (i + 1), "name", poolNames.get(i), "capacity", capacities.get(i)));
        }
        body.put("pools", pools);
        body.put("messages", texts);
        JsonNode created = admin.post("/api/v1/campaigns", body);
        String id = created.path("id").asText(null);
        if (id == null) {
            throw new IllegalStateException("campaign created without an id: " + created);
        }
        if (!"OPEN".equalsIgnoreCase(created.path("status").asText(""))) {
            created = admin.post("/api/v1/campaigns/" + id + "/open", Map.of());
        }
        return new CampaignSetup(id, created);
    }

    /** Reads issued/remaining counts from the stats document, whatever nesting it uses. */
    public static Tickets tickets(JsonNode stats) {
        if (stats == null) {
            return new Tickets(null, null, Map.of());
        }
        Integer issued = firstInt(stats, "ticketsIssued", "issued", "tickets");
        Map<String, Integer> remaining = new LinkedHashMap<>();
        JsonNode pools = stats.path("pools");
        int issuedSum = 0;
        boolean anyIssued = false;
        for (JsonNode p : pools) {
            String pid = p.path("id").asText(p.path("poolId").asText("?"));
            Integer rem = firstInt(p, "remaining", "available", "left");
            if (rem != null) {
                remaining.put(pid, rem);
            }
            Integer is = firstInt(p, "issued", "ticketsIssued");
            if (is != null) {
                issuedSum += is;
                anyIssued = true;
            }
        }
        if (issued == null && anyIssued) {
            issued = issuedSum;
        }
        Integer lowest = remaining.values().stream().min(Integer::compare).orElse(null);
        return new Tickets(issued, lowest, remaining);
    }

    private static Integer firstInt(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && v.isNumber()) {
                return v.intValue();
            }
        }
        return null;
    }
}
