package io.crowdsurf.metrics.service;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.config.LinksConfig;
import io.crowdsurf.metrics.domain.InvalidFieldException;
import io.crowdsurf.metrics.domain.LinkRules;
import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.metrics.persistence.LinkRepository;

/**
 * Creates short links and resolves clicks. A click always redirects — to the registered target, or to the base URL
 * for anything else — once its tracking (a hit on the ingest path and {@code link.clicked}) is in Kafka, or after
 * {@link ClickRecorder}'s bounded wait when Kafka is slow or away (a fan is never held longer than that).
 */
@ApplicationScoped
public class LinkService {

    private static final Logger LOG = Logger.getLogger(LinkService.class);
    private static final int GENERATE_ATTEMPTS = 5;

    private final LinkRepository links;
    private final ClickRecorder recorder;
    private final LinksConfig config;
    private final URI baseUrl;

    public LinkService(LinkRepository links, ClickRecorder recorder, LinksConfig config) {
        this.links = links;
        this.recorder = recorder;
        this.config = config;
        this.baseUrl = URI.create(config.baseUrl());
    }

    /** @throws LinkCodeTakenException when the requested code exists */
    public ShortLink create(String target, String code, String campaign, String site, String expiresAt) {
        Instant now = Instant.now();
        String effectiveSite = site != null ? site : config.defaultSite().orElse(null);
        for (int attempt = 0; attempt < GENERATE_ATTEMPTS; attempt++) {
            ShortLink link = LinkRules.parse(target, code, campaign, effectiveSite, expiresAt, now,
                    LinkRules.randomCode(config.codeBytes()));
            if (links.insert(link)) {
                return link;
            }
            if (code != null) {
                throw new LinkCodeTakenException(code);
            }
        }
        // 96 random bits colliding five times means the generator is broken, not bad luck.
        throw new IllegalStateException("could not generate a free link code in " + GENERATE_ATTEMPTS + " attempts");
    }

    public Optional<ShortLink> find(String code) {
        return LinkRules.validCode(code) ? links.find(code) : Optional.empty();
    }

    /** Where {@code /l/<code>} sends the browser; records the click when the code is live. */
    public URI follow(String code, ClickContext click) {
        if (!LinkRules.validCode(code)) {
            return baseUrl;
        }
        Optional<ShortLink> link;
        try {
            link = links.find(code);
        } catch (RuntimeException e) {
            // MongoDB away: the fan still lands somewhere useful; readiness reports the outage.
            LOG.warnf("link %s not resolvable now (%s): redirecting to the base URL", code, e.getMessage());
            return baseUrl;
        }
        Instant now = Instant.now();
        if (link.isEmpty() || !link.get().liveAt(now)) {
            return baseUrl;
        }
        recorder.record(link.get(), click, now);
        return URI.create(link.get().target());
    }

    public String shortUrl(ShortLink link) {
        return config.publicUrl().replaceAll("/+$", "") + "/l/" + link.code();
    }

    /** A requested code that exists already (409). */
    public static class LinkCodeTakenException extends InvalidFieldException {
        public LinkCodeTakenException(String code) {
            super("code", "the code '" + code + "' is taken");
        }
    }
}
