package io.crowdsurf.events;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogTest {

    @Test
    void typeNamesFollowTheConvention() {
        for (EventType t : EventType.values()) {
            assertThat(t.type()).matches("com\\.crowdsurf\\.[a-z]+\\.[a-z]+\\.[a-z]+");
            assertThat(t.emitters()).as(t.type() + " emitters").isNotEmpty();
            assertThat(t.dataClass().isRecord()).as(t.type() + " data is a record").isTrue();
        }
    }

    @Test
    void lookupByTypeRoundTripsAndUnknownFails() {
        for (EventType t : EventType.values()) {
            assertThat(EventType.of(t.type())).isSameAs(t);
        }
        assertThatThrownBy(() -> EventType.of("com.crowdsurf.nope.nope.nope"))
                .isInstanceOf(EventContractException.class);
    }

    @Test
    void noServiceConsumesWhatItAloneEmits() {
        for (EventType t : EventType.values()) {
            if (t.emitters().size() == 1) {
                assertThat(t.consumers()).as(t.type()).doesNotContainAnyElementsOf(t.emitters());
            }
        }
    }

    @Test
    void everyDataRecordHasSimpleJsonComponents() {
        for (EventType t : EventType.values()) {
            Arrays.stream(t.dataClass().getRecordComponents()).map(RecordComponent::getName)
                    .forEach(name -> assertThat(name).matches("[a-z][A-Za-z]*"));
        }
    }
}
