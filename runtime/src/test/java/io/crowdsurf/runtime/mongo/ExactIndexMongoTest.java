package io.crowdsurf.runtime.mongo;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.crowdsurf.testsupport.TestMongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real MongoDB-wire server: the index exists after createOn, the filter finds and compares-and-sets. */
class ExactIndexMongoTest {

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
        return client.getDatabase("runtime-test").getCollection("c" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Test
    void createsTheUniqueIndexIdempotently() {
        MongoCollection<Document> c = fresh();
        ExactIndex cas = ExactIndex.unique(c.getNamespace().getCollectionName(), "_id", "version");

        cas.createOn(c);
        cas.createOn(c);

        assertThat(c.listIndexes().into(new java.util.ArrayList<>()))
                .anySatisfy(i -> {
                    assertThat(i.getString("name")).isEqualTo(cas.name());
                    assertThat(i.get("key", Document.class).keySet()).containsExactly("_id", "version");
                    assertThat(i.getBoolean("unique")).isTrue();
                });
    }

    @Test
    void compareAndSetReplacesOnlyTheExpectedVersion() {
        MongoCollection<Document> c = fresh();
        ExactIndex cas = ExactIndex.unique(c.getNamespace().getCollectionName(), "_id", "version");
        cas.createOn(c);
        c.insertOne(new Document("_id", "f1").append("version", 1L).append("state", "A"));

        long stale = c.replaceOne(cas.filter("f1", 0L), new Document("version", 1L).append("state", "X")).getMatchedCount();
        long won = c.replaceOne(cas.filter("f1", 1L), new Document("version", 2L).append("state", "B")).getMatchedCount();
        long lost = c.replaceOne(cas.filter("f1", 1L), new Document("version", 2L).append("state", "C")).getMatchedCount();

        assertThat(stale).isZero();
        assertThat(won).isOne();
        assertThat(lost).isZero();
        assertThat(c.find(ExactIndex.id("x").filter("f1")).first()).containsEntry("state", "B").containsEntry("version", 2L);
    }

    @Test
    void duplicateKeyIsRecognised() {
        MongoCollection<Document> c = fresh();
        c.insertOne(new Document("_id", "same"));

        assertThatThrownBy(() -> c.insertOne(new Document("_id", "same")))
                .isInstanceOfSatisfying(MongoException.class, e -> assertThat(DuplicateKey.is(e)).isTrue());
        assertThat(DuplicateKey.is(new MongoException(1, "other"))).isFalse();
        assertThat(DuplicateKey.is(new MongoException(DuplicateKey.CODE, "E11000 from a command"))).isTrue();
        assertThat(DuplicateKey.is(new IllegalStateException("x"))).isFalse();
    }
}
