package io.crowdsurf.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.crowdsurf.events.data.ChatMessageReceived;
import io.crowdsurf.events.data.Platform;
import io.crowdsurf.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaCodecTest {

    private static final String TOPIC = "codec-test";
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void broker() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        TestKafka.createTopics(List.of(TOPIC), 1);
    }

    @Test
    void roundTripThroughARealBrokerKeepsAttributesDataAndKey() throws Exception {
        String id = "mid." + UUID.randomUUID();
        ChatMessageReceived data = new ChatMessageReceived(Platform.MESSENGER, "page-1", "psid-7", "messenger:page-1:psid-7",
                id, "Grüße aus Amsterdam 🎉", null, "qr-poster", null, Instant.parse("2026-11-23T10:15:30Z"));
        CloudEvent sent = CrowdsurfEvents.build(EventType.CHAT_MESSAGE_RECEIVED, id, "/crowdsurf/bot-gateway/messenger",
                data.conversationId(), data.conversationId(), data);

        producer.send(KafkaCodec.toRecord(TOPIC, sent)).get();

        ConsumerRecord<String, byte[]> record = TestKafka.readAll(TOPIC).stream()
                .filter(r -> id.equals(header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo("messenger:page-1:psid-7");

        CloudEvent received = KafkaCodec.fromRecord(record);
        assertThat(received.getId()).isEqualTo(id);
        assertThat(received.getType()).isEqualTo("com.crowdsurf.chat.message.received");
        assertThat(received.getSource()).hasToString("/crowdsurf/bot-gateway/messenger");
        assertThat(received.getSubject()).isEqualTo(data.conversationId());
        assertThat(CrowdsurfEvents.partitionKey(received)).isEqualTo(data.conversationId());
        assertThat(CrowdsurfEvents.data(received, ChatMessageReceived.class)).isEqualTo(data);
    }

    @Test
    void headersFollowTheKafkaProtocolBindingBinaryMode() {
        CloudEvent event = CrowdsurfEvents.build(EventType.CHAT_MESSAGE_RECEIVED, "e-1", "/crowdsurf/bot-gateway",
                "conv", "conv", sampleMessage());

        ProducerRecord<String, byte[]> record = KafkaCodec.toRecord("crowdsurf.events", event);

        Map<String, String> headers = new java.util.HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "e-1")
                .containsEntry("ce_type", "com.crowdsurf.chat.message.received")
                .containsEntry("ce_source", "/crowdsurf/bot-gateway")
                .containsEntry("ce_subject", "conv")
                .containsEntry("ce_partitionkey", "conv")
                .containsEntry("content-type", "application/json")
                .containsKey("ce_time")
                .doesNotContainKey("ce_datacontenttype");
        assertThat(record.key()).isEqualTo("conv");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{\"platform\":\"webchat\"");
    }

    @Test
    void binaryRecordWritesWhatTheSdkWritesForTheSameEvent() {
        ChatMessageReceived data = sampleMessage();
        java.time.OffsetDateTime time = java.time.OffsetDateTime.parse("2026-12-02T00:15:30.123456Z");
        for (String subject : java.util.Arrays.asList("conv", null)) {
            for (String key : java.util.Arrays.asList("conv-key", null)) {
                io.cloudevents.core.builder.CloudEventBuilder b = io.cloudevents.core.builder.CloudEventBuilder.v1()
                        .withId("e-2").withType(EventType.CHAT_MESSAGE_RECEIVED.type())
                        .withSource(java.net.URI.create("/crowdsurf/bot-gateway")).withTime(time)
                        .withDataContentType(CrowdsurfEvents.JSON).withData(EventJson.write(data));
                if (subject != null) {
                    b.withSubject(subject);
                }
                if (key != null) {
                    b.withExtension(CrowdsurfEvents.PARTITION_KEY, key);
                }
                ProducerRecord<String, byte[]> sdk = KafkaCodec.toRecord("t", b.build());

                ProducerRecord<String, byte[]> fast = KafkaCodec.binaryRecord("t", EventType.CHAT_MESSAGE_RECEIVED, "e-2",
                        "/crowdsurf/bot-gateway", subject, key, time, EventJson.write(data));

                assertThat(headerMap(fast)).as("subject %s, key %s", subject, key).isEqualTo(headerMap(sdk));
                assertThat(fast.key()).isEqualTo(sdk.key());
                assertThat(fast.topic()).isEqualTo(sdk.topic());
                assertThat(fast.partition()).isEqualTo(sdk.partition());
                assertThat(fast.value()).isEqualTo(sdk.value());
                ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>("t", 0, 0, fast.key(), fast.value());
                fast.headers().forEach(h -> consumed.headers().add(h));
                CloudEvent read = KafkaCodec.fromRecord(consumed);
                assertThat(read.getTime()).isEqualTo(time);
                assertThat(CrowdsurfEvents.data(read, ChatMessageReceived.class)).isEqualTo(data);
            }
        }
    }

    @Test
    void signedBinaryRecordWritesWhatTheSdkWritesForTheSignedEvent() {
        ChatMessageReceived data = sampleMessage();
        java.time.OffsetDateTime time = java.time.OffsetDateTime.parse("2026-12-02T03:15:30.5Z");
        CloudEvent event = io.cloudevents.core.builder.CloudEventBuilder.v1()
                .withId("e-3").withType(EventType.CHAT_MESSAGE_RECEIVED.type())
                .withSource(java.net.URI.create("/crowdsurf/alert-service")).withTime(time).withSubject("conv")
                .withDataContentType(CrowdsurfEvents.JSON).withData(EventJson.write(data))
                .withExtension(CrowdsurfEvents.PARTITION_KEY, "conv").build();
        ProducerRecord<String, byte[]> sdk = KafkaCodec.toRecord("t", EventSignature.sign("k-1", event));

        ProducerRecord<String, byte[]> fast = KafkaCodec.binaryRecord("t", EventType.CHAT_MESSAGE_RECEIVED, "e-3",
                "/crowdsurf/alert-service", "conv", "conv", time, EventJson.write(data), EventSignature.EXTENSION,
                EventSignature.compute("k-1", "e-3", EventType.CHAT_MESSAGE_RECEIVED.type(), "/crowdsurf/alert-service",
                        EventJson.write(data)));

        assertThat(headerMap(fast)).containsKey("ce_" + EventSignature.EXTENSION).isEqualTo(headerMap(sdk));
        assertThat(fast.value()).isEqualTo(sdk.value());
    }

    private static Map<String, String> headerMap(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (Header h : record.headers()) {
            assertThat(headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8))).as(h.key() + " once").isNull();
        }
        return headers;
    }

    @Test
    void unknownTypeIsRejectedWithAClearError() {
        ConsumerRecord<String, byte[]> record = recordWith(Map.of("ce_specversion", "1.0", "ce_id", "x",
                "ce_type", "com.example.unknown", "ce_source", "/x", "content-type", "application/json"), "{}");

        assertThatThrownBy(() -> KafkaCodec.fromRecord(record))
                .isInstanceOf(EventContractException.class)
                .hasMessageContaining("unknown event type 'com.example.unknown'");
    }

    @Test
    void recordWithoutCloudEventHeadersIsRejected() {
        ConsumerRecord<String, byte[]> record = recordWith(Map.of(), "not json at all");

        assertThatThrownBy(() -> KafkaCodec.fromRecord(record))
                .isInstanceOf(EventContractException.class)
                .hasMessageContaining("is not a CloudEvent");
    }

    @Test
    void malformedDataIsRejectedWhenRead() {
        ConsumerRecord<String, byte[]> record = recordWith(Map.of("ce_specversion", "1.0", "ce_id", "x",
                "ce_type", EventType.CHAT_MESSAGE_RECEIVED.type(), "ce_source", "/x",
                "content-type", "application/json"), "{\"platform\": 42, ");
        CloudEvent event = KafkaCodec.fromRecord(record);

        assertThatThrownBy(() -> CrowdsurfEvents.data(event, ChatMessageReceived.class))
                .isInstanceOf(EventContractException.class)
                .hasMessageContaining("not a valid ChatMessageReceived");
    }

    @Test
    void dataOfTheWrongRecordIsRefusedAtBuildTime() {
        assertThatThrownBy(() -> CrowdsurfEvents.build(EventType.CHAT_REPLY_REQUESTED, "1", "/x", null, null,
                sampleMessage()))
                .isInstanceOf(EventContractException.class)
                .hasMessageContaining("carries ChatReplyRequested");
    }

    static ChatMessageReceived sampleMessage() {
        return new ChatMessageReceived(Platform.WEBCHAT, "site", "u", "conv", "m", "hi", null, null, null,
                Instant.EPOCH);
    }

    private static ConsumerRecord<String, byte[]> recordWith(Map<String, String> headers, String value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k", value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
