package io.crowdsurf.runtime.mongo;

import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import io.crowdsurf.testsupport.TestMongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against the real MongoDB-wire server: refused duplicates in bulk writes are lost races, counted, not thrown. */
class DuplicateKeyMongoTest {

    private static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestMongo.connectionString());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static MongoCollection<Document> fresh() {
        return client.getDatabase("runtime-test").getCollection("d" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Test
    void insertIfAbsentTellsTakenKeys() {
        MongoCollection<Document> c = fresh();
        assertThat(DuplicateKey.insertIfAbsent(c, new Document("_id", "a"))).isTrue();
        assertThat(DuplicateKey.insertIfAbsent(c, new Document("_id", "a"))).isFalse();
    }

    @Test
    void bulkWriteAppliedCountsWhatLandedAndSkipsRefusedUpserts() {
        MongoCollection<Document> c = fresh();
        c.insertOne(new Document("_id", "taken").append("n", 1));
        List<WriteModel<Document>> models = List.of(
                new InsertOneModel<>(new Document("_id", "new").append("n", 1)),
                new InsertOneModel<>(new Document("_id", "taken").append("n", 9)),
                new UpdateOneModel<>(new Document("_id", "taken"), new Document("$inc", new Document("n", 1)),
                        new UpdateOptions().upsert(false)));
        long applied = DuplicateKey.bulkWriteApplied(c, models);
        // the update matched; the inserts are not "matched or upserted" (insert counts are separate in Mongo)
        assertThat(applied).isEqualTo(1);
        assertThat(c.find(new Document("_id", "taken")).first().getInteger("n")).isEqualTo(2);
        assertThat(c.find(new Document("_id", "new")).first()).isNotNull();
        assertThat(DuplicateKey.bulkWriteApplied(c, List.of())).isZero();
    }

    @Test
    void refusedIndexesNamesThePositionsOfTakenKeys() {
        MongoCollection<Document> c = fresh();
        c.insertOne(new Document("_id", "b"));
        MongoBulkWriteException e = catchThrowableOfType(MongoBulkWriteException.class,
                () -> c.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b"), new Document("_id", "c")),
                        new InsertManyOptions().ordered(false)));
        assertThat(DuplicateKey.refusedIndexes(e)).containsExactly(1);
    }
}
