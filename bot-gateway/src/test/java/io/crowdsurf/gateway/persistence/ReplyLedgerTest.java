package io.crowdsurf.gateway.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private static final Duration BUCKET = Duration.ofHours(1);
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final String DB = "ledger-test-" + UUID.randomUUID();
    /** When the tests' replies were requested (their events' time). */
    private static final Instant ASKED = Instant.parse("2026-12-01T10:00:00Z");
    private static MongoClient client;
    private static ReplyLedger ledger;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestMongo.connectionString());
        ledger = new ReplyLedger(client, DB, BUCKET, RETENTION);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static String replyId() {
        return "r-" + UUID.randomUUID();
    }

    private static ReplyLedger.Slot slot(String id) {
        return ledger.slot(id, ASKED, ASKED.plusSeconds(1));
    }

    @Test
    void theFirstDeliveryOwnsTheClaimAndAnotherLiveOneIsBusy() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(ledger.claim(slot(id), now, LEASE)).isInstanceOfSatisfying(Claim.Owned.class,
                o -> assertThat(o.takenOver()).isFalse());
        assertThat(ledger.claim(slot(id), now.plusSeconds(1), LEASE)).isInstanceOf(Claim.Busy.class);
    }

    @Test
    void aClaimNotRenewedForTheLeaseIsTakenOverOnceAndTheOldOwnerLosesIt() {
        String id = replyId();
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned first = (Claim.Owned) ledger.claim(slot(id), start, LEASE);

        Claim later = ledger.claim(slot(id), start.plus(LEASE).plusSeconds(1), LEASE);
        Claim again = ledger.claim(slot(id), start.plus(LEASE).plusSeconds(2), LEASE);

        assertThat(later).isInstanceOfSatisfying(Claim.Owned.class, o -> assertThat(o.takenOver()).isTrue());
        assertThat(again).as("the new owner's claim is fresh").isInstanceOf(Claim.Busy.class);
        assertThat(ledger.renew(slot(id), first.token(), start.plus(LEASE).plusSeconds(3))).as("old owner").isFalse();
        assertThat(ledger.renew(slot(id), ((Claim.Owned) later).token(), start.plus(LEASE).plusSeconds(3))).isTrue();
    }

    @Test
    void aRenewedClaimIsNotTakenOver() {
        String id = replyId();
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned owner = (Claim.Owned) ledger.claim(slot(id), start, LEASE);

        assertThat(ledger.renew(slot(id), owner.token(), start.plusSeconds(20))).isTrue();

        assertThat(ledger.claim(slot(id), start.plus(LEASE).plusSeconds(1), LEASE)).isInstanceOf(Claim.Busy.class);
    }

    @Test
    void aFinishedReplyIsDoneAndReportedOnce() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        ledger.claim(slot(id), now, LEASE);
        ledger.recordSent(slot(id), "mid.1", 2, now);

        assertThat(ledger.claim(slot(id), now, LEASE)).isInstanceOfSatisfying(Claim.Done.class, d -> {
            assertThat(d.entry().state()).isEqualTo(ReplyLedger.State.SENT);
            assertThat(d.entry().platformMessageId()).isEqualTo("mid.1");
            assertThat(d.entry().reported()).isFalse();
        });
        ledger.markReported(slot(id));
        assertThat(((Claim.Done) ledger.claim(slot(id), now, LEASE)).entry().reported()).isTrue();
    }

    @Test
    void releasingGivesTheReplyBackOnlyToItsOwner() {
        String id = replyId();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Claim.Owned owner = (Claim.Owned) ledger.claim(slot(id), now, LEASE);

        ledger.release(slot(id), "someone-else");
        assertThat(ledger.claim(slot(id), now, LEASE)).isInstanceOf(Claim.Busy.class);
        ledger.release(slot(id), owner.token());
        assertThat(ledger.claim(slot(id), now, LEASE)).isInstanceOf(Claim.Owned.class);
    }

    @Test
    void aReplyAskedForAgainByALaterEventInTheNextBucketIsStillRecognised() {
        String id = replyId();
        ledger.claim(slot(id), ASKED, LEASE);
        ledger.recordSent(slot(id), "mid.2", 1, ASKED);
        // The same replyId, requested by a new event 61 minutes later (quiz-service handled its message twice):
        // another bucket, found through the look-up in the bucket before.
        Instant later = ASKED.plus(Duration.ofMinutes(61));
        ReplyLedger.Slot again = ledger.slot(id, later, later);
        assertThat(again.bucket()).isEqualTo(slot(id).bucket() + 1);

        assertThat(ledger.claim(again, later, LEASE)).isInstanceOfSatisfying(Claim.Done.class,
                d -> assertThat(d.entry().platformMessageId()).isEqualTo("mid.2"));
        assertThat(ledger.claim(again, later, LEASE)).as("no claim left behind in the newer bucket")
                .isInstanceOf(Claim.Done.class);
    }

    @Test
    void theBucketIsTheEventsTimeUnlessThatIsMissingInTheFutureOrExpired() {
        Instant now = Instant.parse("2026-12-02T10:30:00Z");
        long current = ledger.slot("x", null, now).bucket();

        assertThat(ledger.slot("x", now.minus(Duration.ofMinutes(45)), now).bucket()).isEqualTo(current - 1);
        assertThat(ledger.slot("x", now.plusSeconds(5), now).bucket()).isEqualTo(current);
        assertThat(ledger.slot("x", now.minus(RETENTION).minusSeconds(1), now).bucket()).isEqualTo(current);
        assertThat(ledger.collectionName(current)).isEqualTo("gateway_replies_20261202T1000");
    }

    @Test
    void bucketsBeyondTheRetentionAreDroppedWholeAndTheOthersKept() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        String old = replyId();
        String recent = replyId();
        ReplyLedger.Slot oldSlot = ledger.slot(old, now.minus(RETENTION).plusSeconds(60), now.minus(Duration.ofHours(2)));
        ReplyLedger.Slot recentSlot = ledger.slot(recent, now.minus(Duration.ofHours(20)), now);
        ledger.claim(oldSlot, now.minus(Duration.ofHours(2)), LEASE);
        ledger.claim(recentSlot, now, LEASE);
        String oldName = ledger.collectionName(oldSlot.bucket());
        String recentName = ledger.collectionName(recentSlot.bucket());

        // Two hours on, the old reply's whole bucket ended more than the retention ago.
        List<String> dropped = ledger.dropExpired(now.plus(Duration.ofHours(2)));

        assertThat(dropped).contains(oldName).doesNotContain(recentName);
        List<String> left = client.getDatabase(DB).listCollectionNames().into(new java.util.ArrayList<>());
        assertThat(left).doesNotContain(oldName).contains(recentName);
        assertThat(ledger.claim(recentSlot, now, LEASE)).as("a kept bucket still suppresses").isInstanceOf(Claim.Busy.class);
        assertThat(ledger.dropExpired(now.plus(Duration.ofHours(2)))).as("idempotent").isEmpty();
    }
}
