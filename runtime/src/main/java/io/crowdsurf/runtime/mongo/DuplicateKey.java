package io.crowdsurf.runtime.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

/**
 * Recognises a unique-index violation (E11000), the signal of every insert-as-claim in the project.
 * Usage, in a repository:
 *
 * <pre>{@code
 * try {
 *     tickets.insertOne(doc);
 *     return true;
 * } catch (MongoException e) {
 *     if (!DuplicateKey.is(e)) throw e;
 *     return false; // someone else holds it
 * }
 * }</pre>
 */
public final class DuplicateKey {

    /** MongoDB's code for a duplicate key. */
    public static final int CODE = 11000;

    private DuplicateKey() {
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
