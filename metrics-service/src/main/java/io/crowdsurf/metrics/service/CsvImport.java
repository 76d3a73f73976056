package io.crowdsurf.metrics.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.HitBuilder;
import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.ParameterNames;
import io.crowdsurf.metrics.domain.QueryStrings;
import io.crowdsurf.metrics.domain.TrackingInput;

/**
 * Imports historical hits from CSV, streamed: rows are read, validated and enriched by the same {@link IngestService}
 * path as live tracking, and written in batches of {@code metrics.import-batch-size} (one ack wait each), so memory
 * stays bounded by one batch whatever the file size.
 *
 * <p>Format: RFC 4180 CSV in UTF-8, a header row required. Columns are Matomo tracking parameters or their aliases
 * ({@link ParameterNames}); {@code time} ({@code cdt}) is required on every row so that each row's hit id is
 * deterministic and a re-import does not count twice. The site is the one in the path ({@code idsite}, when present,
 * must agree); {@code ip} and old times are honoured (the import is authenticated with the admin token).
 */
@ApplicationScoped
public class CsvImport {

    /** The header is wrong; nothing was imported. */
    public static class BadHeaderException extends RuntimeException {
        public BadHeaderException(String message) {
            super(message);
        }
    }

    /** One refused row. */
    public record RowError(long line, String reason) {
    }

    /**
     * @param rows     data rows read
     * @param accepted rows written to Kafka
     * @param excluded valid rows the site's exclusions drop
     * @param rejected invalid rows
     * @param errors   the first {@code metrics.import-errors-listed} rejected rows
     */
    public record ImportResult(String site, long rows, long accepted, long excluded, long rejected,
            List<RowError> errors, boolean errorsTruncated) {
    }

    /** Kafka failed mid-import: the rows before {@link #writtenRows} are in Kafka; re-import the file (ids repeat). */
    public static class ImportInterruptedException extends RuntimeException {
        private final long writtenRows;

        public ImportInterruptedException(long writtenRows, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.writtenRows = writtenRows;
        }

        public long writtenRows() {
            return writtenRows;
        }
    }

    private final IngestService ingest;
    private final int batchSize;
    private final int errorsListed;
    private final int maxLine;

    public CsvImport(IngestService ingest, MetricsConfig config) {
        this.ingest = ingest;
        this.batchSize = config.importBatchSize();
        this.errorsListed = config.importErrorsListed();
        this.maxLine = config.importMaxLineChars();
    }

    public ImportResult run(String siteId, InputStream body) {
        Reader reader = new LineLimit(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), maxLine);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        long rows = 0;
        long accepted = 0;
        long excluded = 0;
        long rejected = 0;
        long written = 0;
        List<RowError> errors = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            Map<Integer, String> columns = columns(header);
            List<TrackingInput> batch = new ArrayList<>(batchSize);
            List<Long> lines = new ArrayList<>(batchSize);
            Instant now = Instant.now();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                rows++;
                String problem = rowProblem(record, header.size());
                Map<String, String> params = null;
                if (problem == null) {
                    params = params(record, columns, siteId);
                    // A time that does not parse would make the hit "now": not idempotent, so the row is refused.
                    problem = !params.containsKey("cdt") ? "time is required"
                            : HitBuilder.parseTime(params.get("cdt").strip()) == null
                                    ? "time is not a time (unix seconds, yyyy-MM-dd HH:mm:ss UTC or ISO-8601)" : null;
                    if (problem == null && !siteId.equals(params.get("idsite"))) {
                        problem = "idsite '" + params.get("idsite") + "' is not the site imported into (" + siteId + ")";
                    }
                }
                if (problem != null) {
                    rejected++;
                    add(errors, new RowError(line, problem));
                    continue;
                }
                batch.add(new TrackingInput(params, params.get("cip"), null, null, now, true));
                lines.add(line);
                if (batch.size() >= batchSize) {
                    long[] counts = flush(batch, lines, errors, written);
                    accepted += counts[0];
                    excluded += counts[1];
                    rejected += counts[2];
                    written += counts[0];
                    batch.clear();
                    lines.clear();
                }
            }
            long[] counts = flush(batch, lines, errors, written);
            accepted += counts[0];
            excluded += counts[1];
            rejected += counts[2];
        } catch (IOException e) {
            throw new BadHeaderException("cannot read the CSV: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadHeaderException("cannot read the CSV after row " + rows + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadHeaderException("malformed CSV after row " + rows + ": " + e.getMessage());
        }
        return new ImportResult(siteId, rows, accepted, excluded, rejected, List.copyOf(errors), rejected > errors.size());
    }

    /** @return accepted, excluded, rejected */
    private long[] flush(List<TrackingInput> batch, List<Long> lines, List<RowError> errors, long writtenBefore) {
        if (batch.isEmpty()) {
            return new long[3];
        }
        List<Outcome> outcomes = ingest.prepare(batch);
        long[] counts = new long[3];
        for (int i = 0; i < outcomes.size(); i++) {
            switch (outcomes.get(i)) {
                case Outcome.Accepted a -> counts[0]++;
                case Outcome.Excluded x -> counts[1]++;
                case Outcome.Invalid inv -> {
                    counts[2]++;
                    add(errors, new RowError(lines.get(i), inv.field() + ": " + inv.reason()));
                }
                case Outcome.Ignored ig -> {
                    counts[2]++;
                    add(errors, new RowError(lines.get(i), ig.reason()));
                }
            }
        }
        try {
            ingest.publish(outcomes);
        } catch (RuntimeException e) {
            throw new ImportInterruptedException(writtenBefore, e);
        }
        return counts;
    }

    private void add(List<RowError> errors, RowError e) {
        if (errors.size() < errorsListed) {
            errors.add(e);
        }
    }

    /** Header → Matomo parameter per column index; unknown or repeated columns refuse the whole file. */
    static Map<Integer, String> columns(List<String> header) {
        if (header == null || header.isEmpty()) {
            throw new BadHeaderException("a header row is required (e.g. time,url,title,visitorId)");
        }
        Map<Integer, String> columns = new HashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String canonical = ParameterNames.canonical(name);
            if (canonical == null) {
                throw new BadHeaderException("unknown column '" + name + "' (column " + (i + 1) + ")");
            }
            String before = seen.put(canonical, name);
            if (before != null) {
                throw new BadHeaderException("columns '" + before + "' and '" + name + "' are the same parameter");
            }
            columns.put(i, canonical);
        }
        if (!seen.containsKey("cdt")) {
            throw new BadHeaderException("the 'time' column is required");
        }
        return columns;
    }

    static String rowProblem(CSVRecord record, int columns) {
        if (record.size() != columns) {
            return "expected " + columns + " columns, found " + record.size();
        }
        for (String v : record) {
            if (v.indexOf('\uFFFD') >= 0) {
                return "not valid UTF-8";
            }
        }
        return null;
    }

    static Map<String, String> params(CSVRecord record, Map<Integer, String> columns, String siteId) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String v = record.get(i);
            if (!v.isEmpty()) {
                params.put(columns.get(i), v);
            }
        }
        params.putIfAbsent("idsite", siteId);
        params.putIfAbsent("rec", "1");
        return QueryStrings.sanitized(params);
    }

    /** Fails the read when a line grows beyond the limit, so one row never needs unbounded memory. */
    static final class LineLimit extends Reader {
        private final Reader in;
        private final int max;
        private int sinceNewline;

        LineLimit(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            for (int i = off; i < off + n; i++) {
                if (buf[i] == '\n') {
                    sinceNewline = 0;
                } else if (++sinceNewline > max) {
                    throw new IOException("a line is longer than " + max + " characters");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
