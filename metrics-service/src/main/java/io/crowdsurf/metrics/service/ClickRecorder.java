package io.crowdsurf.metrics.service;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.CrowdsurfEvents;
import io.crowdsurf.events.EventType;
import io.crowdsurf.events.data.LinkClicked;
import io.crowdsurf.metrics.config.LinksConfig;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.runtime.messaging.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a short-link click: the click as a hit on part 1's ingest path (so it shows in the reports under the link's
 * site and campaign) and a {@code com.crowdsurf.metrics.link.clicked} event.
 *
 * <p>The fan is always redirected, but not before the click is durable when Kafka is there: the redirect waits for
 * Kafka's acks up to {@code metrics.links.click-ack-wait} (1 s; an ack takes milliseconds). Beyond that the fan goes
 * on and the publish keeps running in the background until the publisher's own timeout. A click that is not
 * published after all never vanishes silently: it is counted ({@code metrics_links_clicks_unrecorded_total}) and
 * logged at WARN with everything needed to count it by hand (code, campaign, site, time, referrer); clicks that
 * were still in flight at the redirect are counted in {@code metrics_links_clicks_late_total}. A click cannot be
 * retried by anyone (the browser has moved on), so the bounded wait is the whole guarantee.
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
    private final Counter late;
    private final Duration ackWait;

    public ClickRecorder(EventPublisher events, LinkHits hits, MetricsConfig config, LinksConfig links,
            MeterRegistry registry) {
        this.events = events;
        this.hits = hits;
        this.source = config.eventSource();
        this.ackWait = links.clickAckWait();
        this.late = Counter.builder("metrics.links.clicks.late")
                .description("short-link clicks redirected before Kafka acknowledged them (published later or "
                        + "counted as unrecorded)").register(registry);
        this.recorded = Counter.builder("metrics.links.clicks.recorded").register(registry);
        this.unrecorded = Counter.builder("metrics.links.clicks.unrecorded")
                .description("short-link clicks redirected but not published (Kafka away)").register(registry);
    }

    /**
     * Publishes the click and waits for it, at most {@code click-ack-wait}.
     *
     * @return true when the click is in Kafka; false when it is not (yet): the caller redirects anyway
     */
    public boolean record(ShortLink link, ClickContext click, Instant at) {
        CompletableFuture<Boolean> published = CompletableFuture.supplyAsync(() -> publish(link, click, at), executor);
        try {
            return published.get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            late.increment();
            LOG.debugf("click on link %s redirected before Kafka's ack; still publishing", link.code());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // publish() catches everything it can; this is a bug, and the click is lost: count it all the same.
            unrecorded.increment();
            LOG.errorf(e.getCause(), "click on link %s: recording failed", link.code());
            return false;
        }
    }

    boolean publish(ShortLink link, ClickContext click, Instant at) {
        try {
            String visitorId = hits.track(link, click, at);
            LinkClicked data = new LinkClicked(link.code(), link.site(), link.target(), visitorId, click.referrer(), at);
            events.publish(CrowdsurfEvents.build(EventType.METRICS_LINK_CLICKED, UUID.randomUUID().toString(), source,
                    link.code(), link.code(), data));
            recorded.increment();
            return true;
        } catch (RuntimeException e) {
            unrecorded.increment();
            LOG.warnf("unrecorded click: link=%s campaign=%s site=%s at=%s referrer=%s: redirected, but not "
                    + "published (%s)", link.code(), link.campaign(), link.site(), at, click.referrer(), e.getMessage());
            return false;
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
