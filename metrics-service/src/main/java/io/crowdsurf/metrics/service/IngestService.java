package io.crowdsurf.metrics.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.metrics.config.MetricsConfig;
import io.crowdsurf.metrics.domain.HitBuilder;
import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.TrackingInput;
import io.crowdsurf.metrics.messaging.HitsPublisher;

/**
 * The one ingest path of every door (matomo.php, bulk, /api/v1/track, /t.gif, CSV import): validate and enrich
 * each request into a {@link HitTracked} ({@link HitBuilder}), then write the accepted ones to
 * {@code crowdsurf.hits} keyed by visitor and return only once Kafka acknowledged all of them.
 */
@ApplicationScoped
public class IngestService {

    private final HitsPublisher publisher;
    private final SiteDirectory sites;
    private final HitBuilder builder;

    public IngestService(HitsPublisher publisher, SiteDirectory sites, UserAgents userAgents, MetricsConfig config) {
        this.publisher = publisher;
        this.sites = sites;
        this.builder = new HitBuilder(userAgents, config.untrustedBackdate());
    }

    /** Validates and enriches, publishes nothing. */
    public List<Outcome> prepare(List<TrackingInput> inputs) {
        List<Outcome> out = new ArrayList<>(inputs.size());
        for (TrackingInput in : inputs) {
            out.add(builder.build(in, sites));
        }
        return out;
    }

    /**
     * Publishes the accepted outcomes and waits for Kafka's acks.
     *
     * @return how many hits were written
     * @throws io.crowdsurf.runtime.messaging.EventNotDurableException when Kafka did not acknowledge all of them
     */
    public int publish(List<Outcome> outcomes) {
        List<HitTracked> hits = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Accepted a) {
                hits.add(a.hit());
            }
        }
        publisher.publishHits(hits);
        return hits.size();
    }

    /** {@link #prepare} then {@link #publish}. */
    public List<Outcome> track(List<TrackingInput> inputs) {
        List<Outcome> outcomes = prepare(inputs);
        publish(outcomes);
        return outcomes;
    }
}
