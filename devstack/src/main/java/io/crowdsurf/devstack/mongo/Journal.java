package io.crowdsurf.devstack.mongo;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log that makes {@link JournaledBackend} durable: one record per document change — {@code PUT}
 * (namespace, key, the whole document as BSON), {@code DEL} (namespace, key), {@code DROP} (namespace) — written
 * to {@code journal-<n>.log}. A record carries the document's full new state, so replaying a record twice gives
 * the same result; that is what lets {@link #compact} snapshot the live collections while writes go on.
 * <p>Records are collected in memory and written to the file by one thread every {@link #FLUSH_INTERVAL_MS}
 * (no fsync: a written record survives {@code kill -9} of this process, which is the devstack's contract — H2's
 * MVStore also writes about once a second); {@code close()} writes and forces the rest. Each record has a CRC32, so
 * a record torn by a kill is recognised and dropped on recovery with everything after it.
 * <p>{@code snapshot-<n>.bin} holds the state at the start of {@code journal-<n>.log} (PUT records only, written to a
 * temp file and renamed when complete); recovery loads the newest snapshot and replays the journals from its number
 * on, in order.
 */
final class Journal implements Closeable {

    static final long FLUSH_INTERVAL_MS = 100;
    static final byte PUT = 1;
    static final byte DEL = 2;
    static final byte DROP = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern FILE = Pattern.compile("(journal|snapshot)-(\\d{12})\\.(log|bin)");
    /** type (1) + namespace length (2) + key length (4) + value length (4) before the payloads. */
    private static final int HEADER = 1 + 2 + 4 + 4;

    private final Path dir;
    /** Guards {@link #pending} and {@link #segment}: every writer of every collection appends under it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held by whoever writes to the file (the flusher, {@link #compact}, {@link #close}), so writes stay in order. */
    private final ReentrantLock fileLock = new ReentrantLock();
    private ByteBuffer pending = ByteBuffer.allocate(1 << 20);
    private long segment;
    private FileChannel channel;
    private long segmentBytes;
    private long snapshotBytes;
    private final Thread flusher;
    private volatile boolean closed;
    private final Object wakeUp = new Object();
    private volatile Runnable compactionRequest = () -> { };

    private Journal(Path dir, long segment) throws IOException {
        this.dir = dir;
        this.segment = segment;
        this.channel = openSegment(segment);
        this.segmentBytes = channel.size();
        this.flusher = Thread.ofPlatform().daemon().name("mongo-journal-flusher").unstarted(this::flushLoop);
    }

    /** The state recovered from a directory: namespace → key → document BSON, and the number to continue from. */
    record Recovered(Map<String, Map<Key, byte[]>> namespaces, long nextSegment, boolean empty) {
    }

    /** A document key (its {@code _id} as BSON, or the whole document for collections without one). */
    record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Key[" + bytes.length + " bytes]";
        }
    }

    /** Reads the newest snapshot of {@code dir} and the journals after it. */
    static Recovered recover(Path dir) throws IOException {
        Files.createDirectories(dir);
        long snapshot = -1;
        List<Long> journals = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().matches("snapshot-\\d{12}\\.tmp")) {
                    // A snapshot whose writer was stopped before it finished; the journals before it are still there.
                    Files.deleteIfExists(p);
                    continue;
                }
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long n = Long.parseLong(m.group(2));
                    if (m.group(1).equals("snapshot")) {
                        snapshot = Math.max(snapshot, n);
                    } else {
                        journals.add(n);
                    }
                }
            }
        }
        Map<String, Map<Key, byte[]>> state = new LinkedHashMap<>();
        boolean empty = snapshot < 0 && journals.isEmpty();
        long records = 0;
        if (snapshot >= 0) {
            records += replay(snapshotFile(dir, snapshot), state, false);
        }
        journals.sort(null);
        long last = Math.max(snapshot, 0);
        for (long n : journals) {
            if (n >= Math.max(snapshot, 0)) {
                records += replay(journalFile(dir, n), state, true);
                last = Math.max(last, n);
            }
        }
        if (!empty) {
            LOG.info("recovered {} records from {} (snapshot {}, journals up to {})", records, dir,
                    snapshot < 0 ? "none" : snapshot, last);
        }
        return new Recovered(state, last + 1, empty);
    }

    private static long replay(Path file, Map<String, Map<Key, byte[]>> state, boolean tolerateTornTail)
            throws IOException {
        long records = 0;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return records;
                }
                byte[] body = new byte[Math.max(0, length)];
                int crc;
                try {
                    crc = in.readInt();
                    in.readFully(body);
                } catch (EOFException torn) {
                    return tornTail(file, records, tolerateTornTail);
                }
                CRC32 check = new CRC32();
                check.update(body);
                if (length < HEADER || (int) check.getValue() != crc) {
                    return tornTail(file, records, tolerateTornTail);
                }
                apply(ByteBuffer.wrap(body), state);
                records++;
            }
        }
    }

    private static long tornTail(Path file, long records, boolean tolerate) {
        if (!tolerate) {
            throw new IllegalStateException("snapshot " + file + " is damaged after " + records + " records");
        }
        // A kill in the middle of a write leaves a partial last record; what follows it was never acknowledged
        // as written either, so recovery stops here.
        LOG.warn("{}: ignoring a torn record after {} complete ones (the process was killed while writing)", file, records);
        return records;
    }

    private static void apply(ByteBuffer body, Map<String, Map<Key, byte[]>> state) {
        byte type = body.get();
        byte[] ns = new byte[body.getShort() & 0xffff];
        byte[] key = new byte[body.getInt()];
        byte[] value = new byte[body.getInt()];
        body.get(ns).get(key).get(value);
        String namespace = new String(ns, StandardCharsets.UTF_8);
        switch (type) {
            case PUT -> state.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(new Key(key), value);
            case DEL -> {
                Map<Key, byte[]> docs = state.get(namespace);
                if (docs != null) {
                    docs.remove(new Key(key));
                }
            }
            case DROP -> state.remove(namespace);
            default -> throw new IllegalStateException("unknown journal record type " + type);
        }
    }

    /** Opens the journal to continue after a recovery; call {@link #start} once the backend is built. */
    static Journal open(Path dir, long segment) throws IOException {
        return new Journal(dir, segment);
    }

    void start(Runnable compaction) {
        this.compactionRequest = compaction;
        flusher.start();
    }

    void put(String namespace, byte[] key, byte[] document) {
        append(PUT, namespace, key, document);
    }

    void delete(String namespace, byte[] key) {
        append(DEL, namespace, key, new byte[0]);
    }

    void drop(String namespace) {
        append(DROP, namespace, new byte[0], new byte[0]);
    }

    private void append(byte type, String namespace, byte[] key, byte[] value) {
        if (closed) {
            throw new IllegalStateException("journal is closed");
        }
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        int length = HEADER + ns.length + key.length + value.length;
        appendLock.lock();
        try {
            if (pending.remaining() < length + 8) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + length + 8));
                pending.flip();
                bigger.put(pending);
                pending = bigger;
            }
            writeRecord(pending, type, ns, key, value);
        } finally {
            appendLock.unlock();
        }
    }

    private static void writeRecord(ByteBuffer out, byte type, byte[] ns, byte[] key, byte[] value) {
        int length = HEADER + ns.length + key.length + value.length;
        out.putInt(length);
        int crcAt = out.position();
        out.putInt(0);
        int bodyAt = out.position();
        out.put(type).putShort((short) ns.length).putInt(key.length).putInt(value.length).put(ns).put(key).put(value);
        CRC32 crc = new CRC32();
        crc.update(out.array(), out.arrayOffset() + bodyAt, length);
        out.putInt(crcAt, (int) crc.getValue());
    }

    private void flushLoop() {
        while (!closed) {
            try {
                // Never interrupted (an interrupt in the middle of a write would close the FileChannel): close()
                // wakes it through this monitor instead.
                synchronized (wakeUp) {
                    if (!closed) {
                        wakeUp.wait(FLUSH_INTERVAL_MS);
                    }
                }
                if (closed) {
                    return;
                }
                flush();
                if (segmentBytes > Math.max(64L << 20, 2 * snapshotBytes)) {
                    compactionRequest.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                LOG.error("journal flush failed; retrying", e);
            }
        }
    }

    /** Writes what was appended so far to the current journal file (not forced to the disk). */
    void flush() throws IOException {
        fileLock.lock();
        try {
            ByteBuffer out = takePending();
            writeFully(out);
        } finally {
            fileLock.unlock();
        }
    }

    private ByteBuffer takePending() {
        appendLock.lock();
        try {
            if (pending.position() == 0) {
                return ByteBuffer.allocate(0);
            }
            ByteBuffer out = pending;
            pending = ByteBuffer.allocate(Math.min(out.capacity(), 4 << 20));
            return out.flip();
        } finally {
            appendLock.unlock();
        }
    }

    private void writeFully(ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            segmentBytes += channel.write(out);
        }
    }

    /**
     * Starts a new journal segment and writes a snapshot of the live state at its start, then deletes the files
     * before it. {@code snapshotter} writes every live document (as {@link #snapshotRecord}) while writers go on:
     * a write that lands in the new segment after its document was snapshotted is replayed on top of it, and
     * replaying a full-state record again is harmless.
     */
    void compact(SnapshotWriter snapshotter) throws IOException {
        fileLock.lock();
        long next;
        try {
            ByteBuffer rest;
            appendLock.lock();
            try {
                // Everything appended from here on belongs to the new segment.
                rest = pending.position() == 0 ? ByteBuffer.allocate(0) : pending.flip();
                pending = ByteBuffer.allocate(1 << 20);
                next = segment + 1;
                segment = next;
            } finally {
                appendLock.unlock();
            }
            writeFully(rest);
            channel.close();
            channel = openSegment(next);
            segmentBytes = 0;
        } finally {
            fileLock.unlock();
        }
        Path temp = dir.resolve("snapshot-" + String.format("%012d", next) + ".tmp");
        long bytes;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer[] buffer = {ByteBuffer.allocate(1 << 20)};
            snapshotter.write((ns, key, doc) -> {
                byte[] nsBytes = ns.getBytes(StandardCharsets.UTF_8);
                int need = HEADER + nsBytes.length + key.length + doc.length + 8;
                try {
                    if (buffer[0].remaining() < need) {
                        buffer[0].flip();
                        while (buffer[0].hasRemaining()) {
                            out.write(buffer[0]);
                        }
                        buffer[0] = ByteBuffer.allocate(Math.max(1 << 20, need));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                writeRecord(buffer[0], PUT, nsBytes, key, doc);
            });
            buffer[0].flip();
            while (buffer[0].hasRemaining()) {
                out.write(buffer[0]);
            }
            out.force(true);
            bytes = out.size();
        }
        Files.move(temp, snapshotFile(dir, next), StandardCopyOption.ATOMIC_MOVE);
        snapshotBytes = bytes;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(2)) < next) {
                    Files.deleteIfExists(p);
                }
            }
        }
        LOG.info("journal compacted: snapshot {} ({} bytes), older files removed", next, bytes);
    }

    /** Receives the live documents for a snapshot. */
    interface SnapshotSink {
        void put(String namespace, byte[] key, byte[] document);
    }

    /** Writes every live document into a sink. */
    interface SnapshotWriter {
        void write(SnapshotSink sink);
    }

    private FileChannel openSegment(long n) throws IOException {
        return FileChannel.open(journalFile(dir, n), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private static Path journalFile(Path dir, long n) {
        return dir.resolve("journal-" + String.format("%012d", n) + ".log");
    }

    private static Path snapshotFile(Path dir, long n) {
        return dir.resolve("snapshot-" + String.format("%012d", n) + ".bin");
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        synchronized (wakeUp) {
            closed = true;
            wakeUp.notifyAll();
        }
        try {
            flusher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fileLock.lock();
        try {
            writeFully(takePending());
            channel.force(true);
            channel.close();
        } finally {
            fileLock.unlock();
        }
    }
}
