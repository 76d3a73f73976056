package io.crowdsurf.alert.persistence;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.alert.domain.HourlyForecast;

/**
 * The last forecast of each grid cell, kept until the next forecast refresh (one document per cell). The hourly
 * series are one binary field ({@code hours}: the slot count, then the times and each series, little-endian), not
 * eight BSON arrays: every batch reads its cells' forecasts, and an array of 192 numbers costs the server and the
 * driver a field name and a boxed value per hour on every read and write. Documents with the former arrays are
 * still read.
 */
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
        int n = f.time().length;
        ByteBuffer b = ByteBuffer.allocate(4 + n * (8 + 4 * 8 + 4 * 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n);
        for (long t : f.time()) {
            b.putLong(t);
        }
        for (double[] series : new double[][] {f.precipitation(), f.rain(), f.showers(), f.snowfall()}) {
            for (int i = 0; i < n; i++) {
                b.putDouble(i < series.length ? series[i] : 0);
            }
        }
        for (int[] series : new int[][] {f.weatherCode(), f.cloudCoverLow(), f.cloudCover(), f.isDay()}) {
            for (int i = 0; i < n; i++) {
                b.putInt(i < series.length ? series[i] : 0);
            }
        }
        return new Document("_id", key)
                .append("timezone", f.timezone())
                .append("fetchedAt", f.fetchedAt().toString())
                .append("hours", new Binary(b.array()));
    }

    private static HourlyForecast fromDocument(Document d) {
        Binary hours = d.get("hours", Binary.class);
        if (hours != null) {
            ByteBuffer b = ByteBuffer.wrap(hours.getData()).order(ByteOrder.LITTLE_ENDIAN);
            int n = b.getInt();
            long[] time = new long[n];
            for (int i = 0; i < n; i++) {
                time[i] = b.getLong();
            }
            double[][] amounts = new double[4][n];
            for (double[] series : amounts) {
                for (int i = 0; i < n; i++) {
                    series[i] = b.getDouble();
                }
            }
            int[][] codes = new int[4][n];
            for (int[] series : codes) {
                for (int i = 0; i < n; i++) {
                    series[i] = b.getInt();
                }
            }
            return new HourlyForecast(d.getString("timezone"), Instant.parse(d.getString("fetchedAt")), time,
                    amounts[0], amounts[1], amounts[2], amounts[3], codes[0], codes[1], codes[2], codes[3]);
        }
        return new HourlyForecast(d.getString("timezone"), Instant.parse(d.getString("fetchedAt")),
                d.getList("time", Number.class).stream().mapToLong(Number::longValue).toArray(),
                toDoubles(d, "precipitation"), toDoubles(d, "rain"), toDoubles(d, "showers"), toDoubles(d, "snowfall"),
                toInts(d, "weatherCode"), toInts(d, "cloudCoverLow"), toInts(d, "cloudCover"), toInts(d, "isDay"));
    }

    private static double[] toDoubles(Document d, String field) {
        return d.getList(field, Number.class, List.of()).stream().mapToDouble(Number::doubleValue).toArray();
    }

    private static int[] toInts(Document d, String field) {
        return d.getList(field, Number.class, List.of()).stream().mapToInt(Number::intValue).toArray();
    }
}
