package io.crowdsurf.alert.persistence;

import com.mongodb.MongoException;

/** Tells a MongoDB that is away (retry later: 503) from a bug, without the callers importing the driver. */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** True when {@code failure} or a cause is a MongoDB driver exception (timeouts, lost connections, refusals). */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoException) {
                return true;
            }
        }
        return false;
    }
}
