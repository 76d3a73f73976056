package io.crowdsurf.metrics.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.metrics.config.LinksConfig;
import io.crowdsurf.metrics.domain.Outcome;
import io.crowdsurf.metrics.domain.ShortLink;
import io.crowdsurf.metrics.domain.TrackingInput;

/**
 * A short-link click as a Matomo outlink hit on part 1's one ingest path ({@link IngestService}): the short URL as
 * the page, the chat or page it came from as the referrer, the link's campaign as {@code _rcn}, the target as
 * {@code link}. Device and browser come from the user agent as for any hit. A link without a site makes no hit.
 */
@ApplicationScoped
public class LinkHits {

    private static final Logger LOG = Logger.getLogger(LinkHits.class);

    private final IngestService ingest;
    private final String publicUrl;

    public LinkHits(IngestService ingest, LinksConfig config) {
        this.ingest = ingest;
        this.publicUrl = config.publicUrl().replaceAll("/+$", "");
    }

    /** @return the visitor id the click counts under */
    public String track(ShortLink link, ClickContext click, Instant at) {
        if (link.site() == null) {
            return visitorId(click);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("idsite", link.site());
        p.put("rec", "1");
        p.put("url", publicUrl + "/l/" + link.code());
        p.put("link", link.target());
        if (click.referrer() != null) {
            p.put("urlref", click.referrer());
        }
        if (link.campaign() != null) {
            p.put("_rcn", link.campaign());
        }
        List<Outcome> outcomes = ingest.track(List.of(new TrackingInput(p, click.clientIp(), click.userAgent(),
                click.acceptLanguage(), at, false)));
        if (outcomes.get(0) instanceof Outcome.Accepted accepted) {
            return accepted.hit().visitorId();
        }
        LOG.debugf("click on link %s made no hit: %s", link.code(), outcomes.get(0));
        return visitorId(click);
    }

    /** The same shape as part 1's visitor ids (16 hex), for clicks that make no hit. */
    static String visitorId(ClickContext click) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((click.clientIp() + "|" + click.userAgent())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
