package io.crowdsurf.gateway.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowdsurf.gateway.persistence.ReplyLedger.Claim;
import io.crowdsurf.testsupport.TestMongo;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim protocol against the real MongoDB-wire server, without Quarkus: exact-key compare-and-sets only. */
class ReplyLedgerTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static MongoClient client;
    private static ReplyLedger ledger;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestMongo.connectionString());
        String db = "ledger-test";
        ReplyLedger.OWNED_CLAIM.createOn(client.getDatabase(db).getCollection(ReplyLedger.COLLECTION));
        ReplyLedger.CLAIM_AS_READ.createOn(client.getDatabase(db).getCollection(ReplyLedger.COLLECTION));
        ledger = new ReplyLedger(client, db);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static String replyId() {
        return "r-" + UUID.randomUUID();
    }

    @Test
    void theFirstDeliveryOwnsTheClaimAndAnotherLiveOneIsBusy() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(ledger.claim(id, now, LEASE)).isInstanceOfSatisfying(Claim.Owned.class,
                o -> assertThat(o.takenOver()).isFalse());
        assertThat(ledger.claim(id, now.plusSeconds(1), LEASE)).isInstanceOf(Claim.Busy.class);
    }

    @Test
    void aClaimNotRenewedForTheLeaseIsTakenOverOnceAndTheOldOwnerLosesIt() {
        String id = replyId();
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned first = (Claim.Owned) ledger.claim(id, start, LEASE);

        Claim later = ledger.claim(id, start.plus(LEASE).plusSeconds(1), LEASE);
        Claim again = ledger.claim(id, start.plus(LEASE).plusSeconds(2), LEASE);

        assertThat(later).isInstanceOfSatisfying(Claim.Owned.class, o -> assertThat(o.takenOver()).isTrue());
        assertThat(again).as("the new owner's claim is fresh").isInstanceOf(Claim.Busy.class);
        assertThat(ledger.renew(id, first.token(), start.plus(LEASE).plusSeconds(3))).as("old owner").isFalse();
        assertThat(ledger.renew(id, ((Claim.Owned) later).token(), start.plus(LEASE).plusSeconds(3))).isTrue();
    }

    @Test
    void aRenewedClaimIsNotTakenOver() {
        String id = replyId();
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned owner = (Claim.Owned) ledger.claim(id, start, LEASE);

        assertThat(ledger.renew(id, owner.token(), start.plusSeconds(20))).isTrue();

        assertThat(ledger.claim(id, start.plus(LEASE).plusSeconds(1), LEASE)).isInstanceOf(Claim.Busy.class);
    }

    @Test
    void aFinishedReplyIsDoneAndReportedOnce() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        ledger.claim(id, now, LEASE);
        ledger.recordSent(id, "mid.1", 2, now);

        assertThat(ledger.claim(id, now, LEASE)).isInstanceOfSatisfying(Claim.Done.class, d -> {
            assertThat(d.entry().state()).isEqualTo(ReplyLedger.State.SENT);
            assertThat(d.entry().platformMessageId()).isEqualTo("mid.1");
            assertThat(d.entry().reported()).isFalse();
        });
        ledger.markReported(id);
        assertThat(((Claim.Done) ledger.claim(id, now, LEASE)).entry().reported()).isTrue();
    }

    @Test
    void releasingGivesTheReplyBackOnlyToItsOwner() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned owner = (Claim.Owned) ledger.claim(id, now, LEASE);

        ledger.release(id, "someone-else");
        assertThat(ledger.claim(id, now, LEASE)).isInstanceOf(Claim.Busy.class);
        ledger.release(id, owner.token());
        assertThat(ledger.claim(id, now, LEASE)).isInstanceOf(Claim.Owned.class);
    }
}
