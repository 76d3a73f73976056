package io.crowdsurf.devstack.mongo;

import java.util.Arrays;
import java.util.Map;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * mongo-java-server's in-memory collection (queries, updates, unique indexes and their locking unchanged) whose
 * storage hooks also append each change to the {@link Journal}: the whole new document on insert and update, its
 * key on delete. All hooks run inside the collection's monitor ({@code AbstractSynchronizedMongoCollection}), so
 * the journal sees one collection's changes in the order they were applied.
 * <p>The document is encoded once, for the journal, and its length is the collection's data size; the server's
 * own size tracking (which BSON-encodes the old and the new document on every update) is turned off.
 */
final class JournaledCollection extends MemoryCollection {

    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private final Journal journal;
    private final java.util.Set<JournaledCollection> live;
    /** BSON size of the document at each position (positions are the memory collection's list indexes). */
    private int[] sizes = new int[16];
    private int highWater;
    private long dataSize;

    JournaledCollection(MongoDatabase database, String collectionName, CollectionOptions options,
            CursorRegistry cursorRegistry, Journal journal, java.util.Set<JournaledCollection> live) {
        super(database, collectionName, options, cursorRegistry);
        this.journal = journal;
        this.live = live;
        live.add(this);
    }

    /** Loads recovered documents without journaling them again (indexes are built afterwards, by the database). */
    synchronized void restore(Map<Journal.Key, byte[]> documents) {
        for (byte[] bson : documents.values()) {
            Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            track(super.addDocumentInternal(document), bson.length);
        }
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        return (int) Math.min(Integer.MAX_VALUE, dataSize);
    }

    @Override
    protected Integer addDocumentInternal(Document document) {
        byte[] bson = encode(document);
        Integer position = super.addDocumentInternal(document);
        journal.put(getFullName(), key(document, bson), bson);
        track(position, bson.length);
        return position;
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        byte[] bson = encode(newDocument);
        if (getIdField() == null) {
            // Without an id field the key is the document itself, so an update is a delete and an insert.
            journal.delete(getFullName(), encode(oldDocument));
        }
        journal.put(getFullName(), key(newDocument, bson), bson);
        track(position, bson.length);
    }

    @Override
    protected void removeDocument(Integer position) {
        Document document = getDocument(position);
        super.removeDocument(position);
        if (document != null) {
            journal.delete(getFullName(), key(document, null));
        }
        track(position, 0);
    }

    @Override
    public synchronized void drop() {
        super.drop();
        live.remove(this);
        journal.drop(getFullName());
    }

    @Override
    public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
        String oldName = getFullName();
        super.renameTo(newDatabase, newCollectionName);
        journal.drop(oldName);
        forEachDocument((key, bson) -> journal.put(getFullName(), key, bson));
    }

    /** Every live document, encoded, in position order; holds the collection's monitor meanwhile. */
    synchronized void forEachDocument(java.util.function.BiConsumer<byte[], byte[]> sink) {
        for (int position = 0; position < highWater; position++) {
            Document document = getDocument(position);
            if (document != null) {
                byte[] bson = encode(document);
                sink.accept(key(document, bson), bson);
            }
        }
    }

    private void track(Integer position, int size) {
        int p = position.intValue();
        if (p >= sizes.length) {
            sizes = Arrays.copyOf(sizes, Math.max(sizes.length * 2, p + 1));
        }
        dataSize += size - sizes[p];
        sizes[p] = size;
        highWater = Math.max(highWater, p + 1);
    }

    /** The journal key: the id field's value as a one-field BSON document, or the whole document without one. */
    private byte[] key(Document document, byte[] bson) {
        String idField = getIdField();
        if (idField == null) {
            return bson != null ? bson : encode(document);
        }
        Document key = new Document("k", Utils.getSubdocumentValue(document, idField));
        return encode(key);
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = SCRATCH.get().clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        if (buffer.capacity() > 1 << 20) {
            // A rare huge document should not pin its buffer to the thread for ever.
            SCRATCH.remove();
        }
        return bytes;
    }
}
