package io.crowdsurf.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.KafkaCodec;
import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.domain.Site;
import io.crowdsurf.metrics.persistence.SiteRepository;
import io.crowdsurf.testsupport.TestKafka;

/** Builds hits as the ingest half writes them and produces them to the real test broker. */
public final class HitScript {

    private final String site;
    private final List<HitTracked> hits = new ArrayList<>();

    public HitScript(String site) {
        this.site = site;
    }

    /** Registers a site straight in the registry (the sites API is the ingest half's, tested there). */
    public static String newSite(SiteRepository sites, String timeZone) {
        String site = "s" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        sites.insert(new Site(site, site, List.of("https://example.org"), timeZone, List.of(), List.of(), List.of(),
                List.of(), now, now, 0));
        return site;
    }

    public static String visitor(int n) {
        return String.format("%016x", 0xabc0000L + n);
    }

    public HitScript pageview(String visitor, String time, String url, String title, String section) {
        return add(hit(visitor, time, HitKind.PAGEVIEW, url, title, section, null, null, null, null, null, null,
                null, null, null, false, false));
    }

    public HitScript pageview(String visitor, String time, String url, String refType, String refName,
            String device) {
        return add(hit(visitor, time, HitKind.PAGEVIEW, url, "Title of " + url, null, null, refType, refName,
                null, null, null, null, null, device, false, false));
    }

    public HitScript download(String visitor, String time, String target) {
        return add(hit(visitor, time, HitKind.DOWNLOAD, "https://example.org/page", null, null, target, null, null,
                null, null, null, null, null, null, false, false));
    }

    public HitScript outlink(String visitor, String time, String target) {
        return add(hit(visitor, time, HitKind.OUTLINK, "https://example.org/page", null, null, target, null, null,
                null, null, null, null, null, null, false, false));
    }

    public HitScript event(String visitor, String time, String category, String action, String name,
            Double value) {
        return add(hit(visitor, time, HitKind.EVENT, "https://example.org/page", null, null, null, null, null,
                new String[] {category, action, name}, value, null, null, null, null, false, false));
    }

    public HitScript content(String visitor, String time, String name, String piece, String interaction) {
        return add(hit(visitor, time, interaction == null ? HitKind.CONTENT_IMPRESSION : HitKind.CONTENT_INTERACTION,
                "https://example.org/page", null, null, null, null, null, null, null, name, piece, interaction, null,
                false, false));
    }

    public HitScript bot(String visitor, String time, String url) {
        return add(hit(visitor, time, HitKind.PAGEVIEW, url, null, null, null, null, null, null, null, null, null,
                null, null, true, false));
    }

    public HitScript add(HitTracked h) {
        hits.add(h);
        return this;
    }

    public List<HitTracked> hits() {
        return hits;
    }

    public HitTracked hit(String visitor, String time, HitKind kind, String url, String title, String section,
            String target, String refType, String refName, String[] event, Double eventValue, String contentName,
            String contentPiece, String interaction, String device, boolean bot, boolean newVisit) {
        return new HitTracked(UUID.randomUUID().toString(), site, Instant.parse(time), visitor, null, kind, url, title,
                section, target, null, refType == null ? "direct" : refType, refName,
                event == null ? null : event[0], event == null ? null : event[1], event == null ? null : event[2],
                eventValue, contentName, contentPiece, interaction, null, device == null ? "desktop" : device,
                "Firefox", "Linux", bot, "1280x1024", "en", newVisit, null, null);
    }

    /** Produces the hits, keyed by visitor, and waits for the broker's acknowledgements. */
    public void send() {
        send(hits);
    }

    public static void send(List<HitTracked> hits) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (HitTracked h : hits) {
                producer.send(KafkaCodec.toRecord("crowdsurf.hits", CrowdsurfEvents.build(EventType.METRICS_HIT_TRACKED,
                        h.hitId(), "/crowdsurf/metrics-service", h.siteId(), h.visitorId(), h)));
            }
            producer.flush();
        }
    }

    /** Polls a condition until it holds or the deadline passes. */
    public static void await(String what, long seconds, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
