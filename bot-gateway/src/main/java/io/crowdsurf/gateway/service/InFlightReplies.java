package io.crowdsurf.gateway.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The replies this instance is working on right now. Concurrent duplicates inside one instance stop here,
 * without a database round trip; across instances the ledger's unique {@code _id} decides.
 */
@ApplicationScoped
class InFlightReplies {

    private final Set<String> replyIds = ConcurrentHashMap.newKeySet();

    /** @throws ReplyBusyException when another delivery of the same reply runs in this instance */
    void run(String replyId, Runnable work) {
        if (!replyIds.add(replyId)) {
            throw new ReplyBusyException(replyId);
        }
        try {
            work.run();
        } finally {
            replyIds.remove(replyId);
        }
    }
}
