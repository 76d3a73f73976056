package io.crowdsurf.devstack.dispatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.crowdsurf.events.KafkaCodec;

import static org.assertj.core.api.Assertions.assertThat;

/** The header view gives a Trigger filter the same strings as the parsed event, and declines what it cannot read. */
class HeaderAttributesTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("m-1").withType("com.crowdsurf.chat.message.received")
            .withSource(URI.create("/bot-gateway/messenger")).withSubject("fan-7")
            .withTime(OffsetDateTime.of(2026, 12, 2, 3, 4, 5, 120_000_000, ZoneOffset.UTC))
            .withExtension("crowdsurfplatform", "messenger").withDataContentType("application/json")
            .withData("{}".getBytes(StandardCharsets.UTF_8)).build();

    @Test
    void binaryHeadersGiveTheParsedEventsAttributesExceptTime() {
        ConsumerRecord<String, byte[]> record = consumed(KafkaCodec.toRecord("events", EVENT));

        Map<String, String> fromHeaders = HeaderAttributes.of(record);
        Map<String, String> parsed = EventAttributes.of(KafkaMessageFactory.createReader(record).toEvent());

        assertThat(fromHeaders).isNotNull();
        assertThat(fromHeaders.keySet()).isEqualTo(parsed.keySet());
        parsed.forEach((name, value) -> {
            if (!name.equals("time")) {
                assertThat(fromHeaders).as(name).containsEntry(name, value);
            }
        });
    }

    @Test
    void aFiltersOwnAttributesAreDecodedAloneAndGiveTheSameVerdict() {
        ConsumerRecord<String, byte[]> record = consumed(KafkaCodec.toRecord("events", EVENT));
        Filter filter = new Filter.All(List.of(new Filter.Prefix("type", "com.crowdsurf.chat."),
                new Filter.Not(new Filter.Exact("crowdsurfplatform", "slack"))));

        Map<String, String> needed = HeaderAttributes.of(record, Filter.attributesOf(filter));

        // content-type is always read: it tells a structured-mode record apart.
        assertThat(needed).containsOnlyKeys("type", "crowdsurfplatform", "specversion", "datacontenttype");
        assertThat(filter.matches(needed)).isEqualTo(filter.matches(HeaderAttributes.of(record))).isTrue();
        assertThat(new Filter.Exact("subject", "fan-7").matches(HeaderAttributes.of(record, java.util.Set.of("type"))))
                .isFalse();
        assertThat(HeaderAttributes.of(consumed(new ProducerRecord<>("events", "k", "x".getBytes(StandardCharsets.UTF_8))),
                java.util.Set.of("type"))).isNull();
    }

    @Test
    void structuredOrNonCloudEventRecordsAreLeftToTheParser() {
        RecordHeaders structured = new RecordHeaders();
        structured.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        assertThat(HeaderAttributes.of(consumed(new ProducerRecord<>("events", null, "k", new byte[0], structured))))
                .isNull();
        assertThat(HeaderAttributes.of(consumed(new ProducerRecord<>("events", "k", "not an event".getBytes(
                StandardCharsets.UTF_8))))).isNull();
    }

    @Test
    void aTriggerDeclinesOnlyWhatItsFilterCannotMatch() {
        ConsumerRecord<String, byte[]> record = consumed(KafkaCodec.toRecord("events", EVENT));
        assertThat(handler(new Filter.Exact("type", "com.crowdsurf.chat.message.received")).wants(record)).isTrue();
        assertThat(handler(new Filter.Exact("type", "com.crowdsurf.quiz.draw.requested")).wants(record)).isFalse();
        assertThat(handler(new Filter.All(List.of(new Filter.Prefix("type", "com.crowdsurf.chat."),
                new Filter.Not(new Filter.Exact("crowdsurfplatform", "slack"))))).wants(record)).isTrue();
        // A filter on time is decided on the parsed event (its canonical form), in handle().
        assertThat(handler(new Filter.Exact("time", "never")).wants(record)).isTrue();
        // Not a CloudEvent: handle() parses it and skips it, as before.
        assertThat(handler(new Filter.Exact("type", "x")).wants(consumed(new ProducerRecord<>("events", "k",
                new byte[] {1})))).isTrue();
    }

    private static TriggerHandler handler(Filter filter) {
        Trigger trigger = new Trigger("t", filter, new Subscriber(null, "http://localhost:1/"), DeliverySpec.NONE,
                "test");
        return new TriggerHandler(trigger, URI.create("http://localhost:1/"), null, null, "events", "events.dlq", 4, 1);
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> r) {
        return new ConsumerRecord<>(r.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, r.key(), r.value(),
                r.headers(), Optional.empty());
    }
}
