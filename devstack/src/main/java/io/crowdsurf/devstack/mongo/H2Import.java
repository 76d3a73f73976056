package io.crowdsurf.devstack.mongo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Reads a {@code crowdsurf.mv} written by the H2 backend the devstack used before {@link JournaledBackend}, as the
 * recovered state of a journal: each {@code databases.<db>.<collection>} map of the MVStore holds the documents of
 * one collection ({@code system.namespaces} and {@code system.indexes} included, so the indexes come back too). The
 * H2 index maps are not needed: indexes are rebuilt from the documents.
 */
final class H2Import {

    private static final Logger LOG = LoggerFactory.getLogger(H2Import.class);
    private static final String DATA_PREFIX = "databases.";

    private H2Import() {
    }

    static Map<String, Map<Journal.Key, byte[]>> read(Path file) {
        Map<String, Map<Journal.Key, byte[]>> state = new LinkedHashMap<>();
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            long documents = 0;
            for (String name : store.getMapNames()) {
                if (!name.startsWith(DATA_PREFIX)) {
                    continue;
                }
                String ns = name.substring(DATA_PREFIX.length());
                String idField = idField(ns);
                Map<Journal.Key, byte[]> docs = new LinkedHashMap<>();
                MVMap<Object, Document> map = store.openMap(name);
                for (Document document : map.values()) {
                    byte[] bson = JournaledCollection.encode(document);
                    byte[] key = idField == null ? bson
                            : JournaledCollection.encode(new Document("k", Utils.getSubdocumentValue(document, idField)));
                    docs.put(new Journal.Key(key), bson);
                }
                documents += docs.size();
                state.put(ns, docs);
            }
            LOG.info("read {} documents in {} collections from the H2 file {}", documents, state.size(), file);
        } finally {
            store.close();
        }
        return state;
    }

    /** The id field mongo-java-server gives a collection (CollectionOptions of AbstractMongoDatabase). */
    static String idField(String ns) {
        if (ns.endsWith(".system.indexes")) {
            return null;
        }
        return ns.endsWith(".system.namespaces") ? "name" : "_id";
    }
}
