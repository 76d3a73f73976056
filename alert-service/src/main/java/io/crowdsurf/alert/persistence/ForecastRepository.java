package io.crowdsurf.alert.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.alert.domain.HourlyForecast;

/** The last forecast of each grid cell, kept until the next forecast refresh (one document per cell). */
@ApplicationScoped
public class ForecastRepository {

    private final AlertStore store;
    private final MongoOps ops;

    public ForecastRepository(AlertStore store, MongoOps ops) {
        this.store = store;
        this.ops = ops;
    }

    public Map<String, HourlyForecast> find(Collection<String> cellKeys) {
        Map<String, HourlyForecast> out = new HashMap<>();
        if (cellKeys.isEmpty()) {
            return out;
        }
        for (List<String> chunk : MongoOps.chunks(cellKeys)) {
            ops.add();
            for (Document d : store.forecasts().find(Filters.in("_id", chunk))) {
                out.put(d.getString("_id"), fromDocument(d));
            }
        }
        return out;
    }

    /** The IANA zone Open-Meteo gave for each cell that has a forecast (only that field is read). */
    public Map<String, String> timezones(Collection<String> cellKeys) {
        Map<String, String> out = new HashMap<>();
        if (cellKeys.isEmpty()) {
            return out;
        }
        ops.add();
        for (Document d : store.forecasts().find(Filters.in("_id", cellKeys))
                .projection(com.mongodb.client.model.Projections.include("_id", "timezone"))) {
            if (d.getString("timezone") != null) {
                out.put(d.getString("_id"), d.getString("timezone"));
            }
        }
        return out;
    }

    /** One bulk write for all of them. */
    public void saveAll(Map<String, HourlyForecast> forecasts) {
        if (forecasts.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        forecasts.forEach((key, f) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", key), toDocument(key, f),
                new ReplaceOptions().upsert(true))));
        ops.add();
        store.forecasts().bulkWrite(writes);
    }

    private static Document toDocument(String key, HourlyForecast f) {
        return new Document("_id", key)
                .append("timezone", f.timezone())
                .append("fetchedAt", f.fetchedAt().toString())
                .append("time", longs(f.time()))
                .append("precipitation", doubles(f.precipitation()))
                .append("rain", doubles(f.rain()))
                .append("showers", doubles(f.showers()))
                .append("snowfall", doubles(f.snowfall()))
                .append("weatherCode", ints(f.weatherCode()))
                .append("cloudCoverLow", ints(f.cloudCoverLow()))
                .append("cloudCover", ints(f.cloudCover()))
                .append("isDay", ints(f.isDay()));
    }

    private static HourlyForecast fromDocument(Document d) {
        return new HourlyForecast(d.getString("timezone"), Instant.parse(d.getString("fetchedAt")),
                d.getList("time", Number.class).stream().mapToLong(Number::longValue).toArray(),
                toDoubles(d, "precipitation"), toDoubles(d, "rain"), toDoubles(d, "showers"), toDoubles(d, "snowfall"),
                toInts(d, "weatherCode"), toInts(d, "cloudCoverLow"), toInts(d, "cloudCover"), toInts(d, "isDay"));
    }

    private static List<Long> longs(long[] v) {
        List<Long> out = new ArrayList<>(v.length);
        for (long x : v) {
            out.add(x);
        }
        return out;
    }

    private static List<Double> doubles(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static List<Integer> ints(int[] v) {
        List<Integer> out = new ArrayList<>(v.length);
        for (int x : v) {
            out.add(x);
        }
        return out;
    }

    private static double[] toDoubles(Document d, String field) {
        return d.getList(field, Number.class, List.of()).stream().mapToDouble(Number::doubleValue).toArray();
    }

    private static int[] toInts(Document d, String field) {
        return d.getList(field, Number.class, List.of()).stream().mapToInt(Number::intValue).toArray();
    }
}
