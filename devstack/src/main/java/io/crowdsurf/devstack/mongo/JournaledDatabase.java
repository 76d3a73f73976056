package io.crowdsurf.devstack.mongo;

import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;

/**
 * mongo-java-server's memory database (hash-map unique indexes) with {@link JournaledCollection}s. At start its
 * collections are filled from the recovered state before the server's own start-up code
 * ({@code initializeNamespacesAndIndexes}) reads {@code system.namespaces} and {@code system.indexes} and builds
 * each index from the documents — the same path the H2 backend takes when it reopens its file.
 */
final class JournaledDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

    private final JournaledBackend backend;

    JournaledDatabase(String databaseName, CursorRegistry cursorRegistry, JournaledBackend backend) {
        super(databaseName, cursorRegistry);
        this.backend = backend;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected JournaledCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
        JournaledCollection collection = new JournaledCollection(this, collectionName, options, cursorRegistry,
                backend.journal(), backend.live());
        Map<Journal.Key, byte[]> recovered = backend.takeRecovered(getFullCollectionNamespace(collectionName));
        if (recovered != null) {
            collection.restore(recovered);
        }
        return collection;
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new MemoryUniqueIndex(indexName, keys, sparse);
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    @Override
    protected long getFileSize() {
        return 0;
    }
}
