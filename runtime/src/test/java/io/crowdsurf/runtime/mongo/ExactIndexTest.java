package io.crowdsurf.runtime.mongo;

import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter shape alone: plain keys, in index order, plain values. */
class ExactIndexTest {

    private static final ExactIndex CAS = ExactIndex.unique("fans", "_id", "version");

    @Test
    void filterIsAPlainDocumentWithExactlyTheIndexKeysInOrder() {
        Document filter = CAS.filter("c1|fan", 3L);

        assertThat(filter.keySet()).containsExactly("_id", "version");
        assertThat(filter.toJson()).isEqualTo("{\"_id\": \"c1|fan\", \"version\": 3}");
        assertThat(filter.toJson()).doesNotContain("$");
    }

    @Test
    void indexIsUniqueOnTheSameKeys() {
        assertThat(CAS.model().getKeys().toBsonDocument().keySet()).containsExactly("_id", "version");
        assertThat(CAS.model().getOptions().isUnique()).isTrue();
        assertThat(CAS.model().getOptions().getName()).isEqualTo("exact__id_version");
        assertThat(ExactIndex.unique("c", "channels.platform", "botId").name()).isEqualTo("exact_channels-platform_botId");
        ExactIndex named = CAS.named("fan_cas");
        assertThat(named.name()).isEqualTo("fan_cas");
        assertThat(named.model().getOptions().getName()).isEqualTo("fan_cas");
        assertThat(named).as("same index, other name").isEqualTo(CAS);
    }

    @Test
    void idLookupNeedsNoIndex() {
        assertThat(ExactIndex.id("fans").needsIndex()).isFalse();
        assertThat(ExactIndex.id("fans").filter("x").toJson()).isEqualTo("{\"_id\": \"x\"}");
        assertThat(CAS.needsIndex()).isTrue();
    }

    @Test
    void refusesWhatWouldScan() {
        assertThatThrownBy(() -> CAS.filter("only-id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 2 values");
        assertThatThrownBy(() -> CAS.filter("id", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CAS.filter("id", Filters.gt("version", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CAS.filter("id", new Document("$eq", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactIndex.unique("c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactIndex.unique("c", "a", "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void datesAndNumbersArePlainValues() {
        Date at = new Date(1_700_000_000_000L);
        ExactIndex claim = ExactIndex.unique("r", "_id", "token", "claimedAt");
        assertThat(claim.filter("r1", "t", at).get("claimedAt")).isEqualTo(at);
        assertThat(claim.keys()).isEqualTo(List.of("_id", "token", "claimedAt"));
    }

    @Test
    void equalityIsByCollectionAndKeys() {
        assertThat(ExactIndex.unique("fans", "_id", "version")).isEqualTo(CAS).hasSameHashCodeAs(CAS);
        assertThat(ExactIndex.unique("fans", "version", "_id")).isNotEqualTo(CAS);
        assertThat(ExactIndex.unique("other", "_id", "version")).isNotEqualTo(CAS);
    }
}
