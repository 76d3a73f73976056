package io.crowdsurf.metrics.service;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.LinkClicked;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.runtime.messaging.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a short-link click after the redirect was answered: the click as a hit on part 1's ingest path (so it
 * shows in the reports under the link's site and campaign) and a {@code com.crowdsurf.metrics.link.clicked} event.
 * The redirect does not wait for Kafka: a click that cannot be published is counted in
 * {@code metrics_links_clicks_unrecorded_total} and logged, never retried from memory.
 */
@ApplicationScoped
public class ClickRecorder {

    private static final Logger LOG = Logger.getLogger(ClickRecorder.class);

    private final EventPublisher events;
    private final LinkHits hits;
    private final String source;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Counter recorded;
    private final Counter unrecorded;

    public ClickRecorder(EventPublisher events, LinkHits hits, MetricsConfig config, MeterRegistry registry) {
        this.events = events;
        this.hits = hits;
        this.source = config.eventSource();
        this.recorded = Counter.builder("metrics.links.clicks.recorded").register(registry);
        this.unrecorded = Counter.builder("metrics.links.clicks.unrecorded")
                .description("short-link clicks redirected but not published (Kafka away)").register(registry);
    }

    public void record(ShortLink link, ClickContext click, Instant at) {
        executor.execute(() -> publish(link, click, at));
    }

    void publish(ShortLink link, ClickContext click, Instant at) {
        try {
            String visitorId = hits.track(link, click, at);
            LinkClicked data = new LinkClicked(link.code(), link.site(), link.target(), visitorId, click.referrer(), at);
            events.publish(CrowdsurfEvents.build(EventType.METRICS_LINK_CLICKED, UUID.randomUUID().toString(), source,
                    link.code(), link.code(), data));
            recorded.increment();
        } catch (RuntimeException e) {
            unrecorded.increment();
            LOG.warnf("click on link %s redirected but not recorded: %s", link.code(), e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
