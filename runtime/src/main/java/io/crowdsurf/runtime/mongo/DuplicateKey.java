package io.crowdsurf.runtime.mongo;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;

/**
 * Recognises a unique-index violation (E11000), the signal of every insert-as-claim in the project.
 * Usage, in a repository:
 *
 * <pre>{@code
 * if (!DuplicateKey.insertIfAbsent(tickets, doc)) {
 *     return false; // someone else holds it
 * }
 * // compare-and-set upserts in one unordered bulk write; a refused upsert is a lost race, not an error:
 * long applied = DuplicateKey.bulkWriteApplied(rollups, models);
 * // or, where more than the insert happens in the try:
 * } catch (MongoException e) {
 *     if (!DuplicateKey.is(e)) throw e;
 * }
 * }</pre>
 */
public final class DuplicateKey {

    /** MongoDB's code for a duplicate key. */
    public static final int CODE = 11000;

    private DuplicateKey() {
    }

    /**
     * Inserts {@code document} unless its key exists already.
     *
     * @return false when a unique index refused it (the key is taken); any other failure is thrown
     */
    public static <T> boolean insertIfAbsent(MongoCollection<T> collection, T document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoException e) {
            if (is(e)) {
                return false;
            }
            throw e;
        }
    }

    /** True for a write refused by a unique index, whichever driver exception carries it (single or bulk write, command). */
    public static boolean is(Throwable e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return e instanceof MongoException m && (m.getCode() == CODE
                || ErrorCategory.fromErrorCode(m.getCode()) == ErrorCategory.DUPLICATE_KEY);
    }

    /**
     * Runs {@code models} as one unordered bulk write in which a unique-index refusal is a lost compare-and-set
     * (an upsert of a document someone else created first), not a failure.
     *
     * @return how many writes matched or upserted; any error other than a duplicate key is thrown
     */
    public static <T> long bulkWriteApplied(MongoCollection<T> collection, List<? extends WriteModel<? extends T>> models) {
        if (models.isEmpty()) {
            return 0;
        }
        try {
            return applied(collection.bulkWrite(models, new BulkWriteOptions().ordered(false)));
        } catch (MongoBulkWriteException e) {
            refusedIndexes(e);
            return applied(e.getWriteResult());
        }
    }

    /**
     * The positions, in the request, of the writes of a failed bulk write that a unique index refused.
     *
     * @throws MongoBulkWriteException {@code e} itself when any of its errors is something else
     */
    public static List<Integer> refusedIndexes(MongoBulkWriteException e) {
        List<Integer> refused = new ArrayList<>(e.getWriteErrors().size());
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCode() != CODE && ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            refused.add(error.getIndex());
        }
        return refused;
    }

    private static long applied(BulkWriteResult result) {
        return (long) result.getMatchedCount() + result.getUpserts().size();
    }
}
