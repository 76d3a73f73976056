package io.crowdsurf.runtime.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * A unique index and the only filter shape it serves: a plain document whose keys are exactly the index's keys,
 * in its order, with plain values. mongo-java-server (the embedded MongoDB-wire server) uses an index only for
 * such a filter ({@code Filters.and} is sent as {@code $and} and scans the whole collection); on real MongoDB the
 * shape is a single index seek too. Every per-message query goes through one of these.
 *
 * <p>Usage, in a repository (the ONLY place that builds Mongo filters):
 *
 * <pre>{@code
 * static final ExactIndex BY_ID_AND_VERSION = ExactIndex.unique("quiz_fans", "_id", "version");
 *
 * @Produces static final ExactIndex FANS_CAS = BY_ID_AND_VERSION;   // lets ExactIndexes create it at start-up
 *
 * fans.replaceOne(BY_ID_AND_VERSION.filter(id, version), next);     // compare-and-set on one document
 * }</pre>
 *
 * A filter on {@code _id} alone needs no declaration beyond {@link #ID}; it is always indexed. The index is named
 * {@code exact_<key>_<key>…} so operators can see why it exists.
 */
public final class ExactIndex {

    /** {@code {_id: x}}: MongoDB's own unique index. */
    public static final String ID_KEY = "_id";

    private final String collection;
    private final List<String> keys;
    private final String name;

    private ExactIndex(String collection, List<String> keys) {
        this(collection, keys, null);
    }

    private ExactIndex(String collection, List<String> keys, String name) {
        this.collection = Objects.requireNonNull(collection, "collection");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an exact index needs at least one key");
        }
        if (keys.stream().distinct().count() != keys.size()) {
            throw new IllegalArgumentException("repeated key in " + keys);
        }
        this.keys = List.copyOf(keys);
        this.name = name;
    }

    /**
     * The same index under another name: for a unique index that exists already under a name of its own
     * (e.g. {@code one_ticket_per_fan}), so creating it again is a no-op rather than a name conflict.
     */
    public ExactIndex named(String indexName) {
        return new ExactIndex(collection, keys, Objects.requireNonNull(indexName, "indexName"));
    }

    /** A unique index on exactly these keys, ascending, in this order. */
    public static ExactIndex unique(String collection, String... keys) {
        return new ExactIndex(collection, List.of(keys));
    }

    /** The {@code _id} lookup of a collection (no index to create). */
    public static ExactIndex id(String collection) {
        return new ExactIndex(collection, List.of(ID_KEY));
    }

    /**
     * The filter {@code {key1: value1, key2: value2, …}}: one plain value per key, in the index's order.
     *
     * @throws IllegalArgumentException for a wrong number of values, a null value, or an operator document
     *         ({@code {$gt: …}}, a {@link Bson} filter) that would turn the lookup into a scan
     */
    public Document filter(Object... values) {
        if (values.length != keys.size()) {
            throw new IllegalArgumentException(
                    "index " + name() + " on " + collection + " takes " + keys.size() + " values, got " + values.length);
        }
        Document filter = new Document();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                throw new IllegalArgumentException("null value for " + keys.get(i) + ": not an exact lookup");
            }
            if (v instanceof Bson || v instanceof Map<?, ?>) {
                throw new IllegalArgumentException("operator or document value for " + keys.get(i) + ": not an exact lookup");
            }
            filter.append(keys.get(i), v);
        }
        return filter;
    }

    public String collection() {
        return collection;
    }

    public List<String> keys() {
        return keys;
    }

    /** {@code exact_<key>_<key>…} (dots become {@code -}), unless {@link #named(String) named} otherwise. */
    public String name() {
        if (name != null) {
            return name;
        }
        List<String> parts = new ArrayList<>();
        keys.forEach(k -> parts.add(k.replace('.', '-')));
        return "exact_" + String.join("_", parts);
    }

    /** False for the {@code _id} lookup, which MongoDB indexes itself. */
    public boolean needsIndex() {
        return !keys.equals(List.of(ID_KEY));
    }

    /** The unique index definition to create. */
    public IndexModel model() {
        return new IndexModel(Indexes.ascending(keys), new IndexOptions().unique(true).name(name()));
    }

    /** Creates the index on {@code collection} now (idempotent); {@link ExactIndexes} does this at start-up. */
    public void createOn(MongoCollection<?> target) {
        if (needsIndex()) {
            target.createIndexes(List.of(model()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExactIndex other && other.collection.equals(collection) && other.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(collection, keys);
    }

    @Override
    public String toString() {
        return collection + "." + name();
    }
}
