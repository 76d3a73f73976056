package io.crowdsurf.alert.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.crowdsurf.alert.client.ForecastUnavailableException;
import io.crowdsurf.alert.client.OpenMeteoClient;
import io.crowdsurf.alert.client.WebhookClient;
import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Cell;
import io.crowdsurf.alert.domain.HourlyForecast;
import io.crowdsurf.alert.domain.Notified;
import io.crowdsurf.alert.domain.Reconciliation;
import io.crowdsurf.alert.domain.SunCalculator;
import io.crowdsurf.alert.domain.SunPhases;
import io.crowdsurf.alert.domain.Window;
import io.crowdsurf.alert.domain.WindowFinder;
import io.crowdsurf.alert.messaging.AlertEvents;
import io.crowdsurf.alert.persistence.AlertRepository;
import io.crowdsurf.alert.persistence.ForecastRepository;
import io.crowdsurf.alert.persistence.StateRepository;
import io.crowdsurf.events.data.AlertOpportunity;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An evaluation run. The schedule's request is split into batches of {@code alert.batch-cells} grid cells, each
 * published as its own {@code alert.evaluation.requested} (so every function invocation is short and is retried
 * alone); a run that fits in one batch is evaluated at once. A batch:
 * <ol>
 * <li>reads its cells' alert lists and stored forecasts ({@code $in} reads);</li>
 * <li>fetches, {@code alert.cells-per-request} cells per Open-Meteo request, only the cells without a forecast
 * fetched since the last refresh (02:00 UTC); cells whose request fails after the retries are skipped for this
 * run — logged and counted, their alerts untouched: no false alert, no false cancellation;</li>
 * <li>computes each cell's sun phases once (the sun's geocentric positions once per batch) and each alert's windows, and compares them with the windows already
 * notified ({@link Reconciliation});</li>
 * <li>publishes found/cancelled events and the chat replies (deterministic ids; written straight into Kafka
 * records, handed to the producer in chunks as the cells are computed, then one wait for all acks), posts webhooks,
 * and only then
 * records the new notified windows (one update per cell, bulk-written). A crash in between repeats the same ids,
 * which bot-gateway and idempotent consumers drop.</li>
 * </ol>
 * Nothing is kept in memory between runs.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    private final AlertRepository alerts;
    private final ForecastRepository forecasts;
    private final StateRepository states;
    private final OpenMeteoClient openMeteo;
    private final WebhookClient webhooks;
    private final AlertEvents events;
    private final AlertConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public EvaluationService(AlertRepository alerts, ForecastRepository forecasts, StateRepository states,
            OpenMeteoClient openMeteo, WebhookClient webhooks, AlertEvents events, AlertConfig config, Clock clock,
            MeterRegistry registry) {
        this.alerts = alerts;
        this.forecasts = forecasts;
        this.states = states;
        this.openMeteo = openMeteo;
        this.webhooks = webhooks;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    /** What one batch did. */
    public record BatchResult(int cells, int skippedCells, int alertsEvaluated, int found, int cancelled,
            int forecastRequests, int cellsFetched, String millis) {
    }

    /** What a run request did: either split into batch events, or evaluated at once. */
    public record RunResult(int cells, int batchesPublished, BatchResult inline) {
    }

    /** The schedule's request: split into batches, or evaluate at once when it fits in one. */
    public RunResult run(String runId, String reason) {
        List<String> cells = new ArrayList<>(alerts.allCellKeys());
        cells.sort(null);
        int size = Math.max(1, config.batchCells());
        if (cells.size() <= size) {
            return new RunResult(cells.size(), 0, evaluate(runId, reason, 0, cells));
        }
        List<CloudEvent> batches = new ArrayList<>();
        for (int i = 0, b = 0; i < cells.size(); i += size, b++) {
            batches.add(events.batch(runId, reason, b, cells.subList(i, Math.min(cells.size(), i + size))));
        }
        events.publish(batches);
        LOG.infof("run %s (%s): %d cells in %d batches", runId, reason, cells.size(), batches.size());
        return new RunResult(cells.size(), batches.size(), null);
    }

    /** One batch of cells. */
    public BatchResult evaluate(String runId, String reason, int batch, List<String> cellKeys) {
        Instant now = clock.instant();
        long t0 = System.nanoTime();
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(cellKeys));
        Map<String, List<String>> idsByCell = alerts.idsOfCells(keys);
        keys.removeIf(k -> idsByCell.getOrDefault(k, List.of()).isEmpty());
        Map<String, HourlyForecast> byCell = new HashMap<>(forecasts.find(keys));
        Instant refresh = lastRefresh(now);
        List<String> stale = keys.stream().filter(k -> byCell.get(k) == null || byCell.get(k).fetchedAt().isBefore(refresh)).toList();
        Set<String> skipped = new HashSet<>();
        Map<String, HourlyForecast> fetched = new HashMap<>();
        int requests = 0;
        int perRequest = Math.max(1, config.cellsPerRequest());
        for (int i = 0; i < stale.size(); i += perRequest) {
            List<String> chunk = stale.subList(i, Math.min(stale.size(), i + perRequest));
            requests++;
            try {
                List<HourlyForecast> got = openMeteo.fetch(chunk.stream().map(Cell::parse).toList());
                for (int j = 0; j < chunk.size(); j++) {
                    fetched.put(chunk.get(j), got.get(j));
                }
            } catch (ForecastUnavailableException e) {
                skipped.addAll(chunk);
                LOG.warnf("run %s batch %d: %d cells skipped, no forecast: %s", runId, batch, chunk.size(), e.getMessage());
            }
        }
        long tFetched = System.nanoTime();
        forecasts.saveAll(fetched);
        byCell.putAll(fetched);
        if (!skipped.isEmpty()) {
            registry.counter("alert_cells_skipped_total").increment(skipped.size());
        }

        List<String> evaluable = keys.stream().filter(k -> !skipped.contains(k)).toList();
        List<String> ids = evaluable.stream().flatMap(k -> idsByCell.get(k).stream()).distinct().toList();
        Map<String, Alert> byId = alerts.findAll(ids);
        StateRepository.CellStates before = states.find(evaluable, idsByCell);
        long tRead = System.nanoTime();
        long sunNanos = 0;
        Map<String, Map<String, List<Notified>>> after = new HashMap<>();
        int changedAlerts = 0;
        AlertEvents.Notices out = events.notices();
        // The sun's geocentric positions, shared by the batch's cells (the per-place turn to the horizon is cheap).
        SunCalculator.Ephemeris sky = new SunCalculator.Ephemeris();
        List<Runnable> hooks = new ArrayList<>();
        int evaluated = 0;
        int found = 0;
        int cancelled = 0;
        for (String key : evaluable) {
            List<Alert> inCell = idsByCell.get(key).stream().map(byId::get)
                    .filter(a -> a != null && a.cell().key().equals(key)).toList();
            if (inCell.isEmpty()) {
                continue;
            }
            Cell cell = Cell.parse(key);
            HourlyForecast forecast = byCell.get(key);
            // Sun phases once per cell, as far ahead as its longest horizon among alerts that use them (if any does).
            List<Alert> sunny = inCell.stream()
                    .filter(a -> !a.conditions().light().isEmpty() || !a.conditions().twilight().isEmpty()).toList();
            int horizon = sunny.stream().mapToInt(a -> a.conditions().horizonHours()).max().orElse(0);
            int lookback = sunny.stream().mapToInt(a -> a.conditions().minWindowMinutes()).max().orElse(0);
            long ts = System.nanoTime();
            SunPhases sun = horizon == 0 ? new SunPhases(now.getEpochSecond(), now.getEpochSecond(), Map.of())
                    : SunCalculator.compute(cell.centerLatitude(), cell.centerLongitude(),
                            now.getEpochSecond() - lookback * 60L, now.getEpochSecond() + horizon * 3600L, sky);
            sunNanos += System.nanoTime() - ts;
            ZoneId cellZone = zone(forecast == null ? null : forecast.timezone());
            boolean unsaved = before.unsaved().contains(key);
            Map<String, List<Notified>> cellChanges = new HashMap<>();
            // Entries of alerts that left the cell (moved or deleted meanwhile) are dropped with this cell's update.
            Set<String> gone = new HashSet<>(before.alertsIn(key));
            WindowFinder.ForCell finder = new WindowFinder.ForCell(sun, forecast);
            for (Alert a : inCell) {
                evaluated++;
                gone.remove(a.id());
                ZoneId zone = a.location().timeZone() == null ? cellZone : zone(a.location().timeZone());
                List<Window> windows = finder.find(a.conditions(), zone, now);
                List<Notified> known = before.of(key, a.id());
                Reconciliation r = Reconciliation.of(a.id(), known, windows, now);
                if (!r.changed()) {
                    if (unsaved && !known.isEmpty()) {
                        cellChanges.put(a.id(), known);
                    }
                    continue;
                }
                changedAlerts++;
                cellChanges.put(a.id(), r.notified());
                for (Notified n : r.found()) {
                    found++;
                    notify(a, n, zone, true, out, hooks);
                }
                for (Notified n : r.cancelled()) {
                    cancelled++;
                    notify(a, n, zone, false, out, hooks);
                }
            }
            gone.forEach(id -> cellChanges.put(id, List.of()));
            if (!cellChanges.isEmpty() || unsaved) {
                after.put(key, cellChanges);
            }
        }
        long tComputed = System.nanoTime();
        events.send(out);
        long tPublished = System.nanoTime();
        hooks.forEach(Runnable::run);
        long tHooks = System.nanoTime();
        states.saveAll(after);
        long tSaved = System.nanoTime();
        registry.counter("alert_evaluations_total").increment(evaluated);
        registry.counter("alert_opportunities_total", "kind", "found").increment(found);
        registry.counter("alert_opportunities_total", "kind", "cancelled").increment(cancelled);
        // Where a batch's time goes (ms), for the log and the benchmark.
        String millis = String.format(java.util.Locale.ROOT,
                "forecast %d, store %d, sun %d, windows %d, publish %d (%d events), webhooks %d, save %d (%d alerts' states)",
                ms(tFetched - t0), ms(tRead - tFetched), ms(sunNanos), ms(tComputed - tRead - sunNanos),
                ms(tPublished - tComputed), out.size(), ms(tHooks - tPublished), ms(tSaved - tHooks), changedAlerts);
        BatchResult result = new BatchResult(keys.size(), skipped.size(), evaluated, found, cancelled, requests,
                fetched.size(), millis);
        LOG.infof("run %s (%s) batch %d: %s", runId, reason, batch, result);
        return result;
    }

    private void notify(Alert a, Notified n, ZoneId zone, boolean found, AlertEvents.Notices out, List<Runnable> hooks) {
        String span = Notifications.span(n, zone);
        AlertOpportunity o = Notifications.opportunity(a, n, span);
        byte[] data = out.add(found, o, Notifications.reply(a, n, span, found, config.messageTag()));
        if (a.webhookUrl() != null && webhooks.enabled()) {
            String id = AlertEvents.eventId(found, o);
            byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"" + AlertEvents.type(found).type() + "\",\"data\":"
                    + new String(data, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
            hooks.add(() -> webhooks.post(a.webhookUrl(), id, body));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The most recent forecast refresh at or before {@code now}. */
    Instant lastRefresh(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Instant todays = today.atTime(config.forecastRefreshHourUtc(), 0).toInstant(ZoneOffset.UTC);
        return todays.isAfter(now) ? todays.minus(java.time.Duration.ofDays(1)) : todays;
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
