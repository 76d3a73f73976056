package io.crowdsurf.runtime.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;

/**
 * Recognises a unique-index violation (E11000), the signal of every insert-as-claim in the project.
 * Usage, in a repository:
 *
 * <pre>{@code
 * if (!DuplicateKey.insertIfAbsent(tickets, doc)) {
 *     return false; // someone else holds it
 * }
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
}
