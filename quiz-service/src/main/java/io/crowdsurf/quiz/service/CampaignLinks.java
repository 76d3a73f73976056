package io.crowdsurf.quiz.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.Hmac;
import io.crowdsurf.quiz.client.MetricsLinksClient;
import io.crowdsurf.quiz.config.QuizConfig;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.PoolSpec;

/**
 * The links a campaign's ticket messages carry. When short links are enabled, each pool's event page is registered
 * with metrics-service under the campaign's id and the message carries {@code <public base>/l/<code>}; the code is
 * an HMAC of the pool and URL keyed by the campaign's secret seed, so re-opening or re-saving registers the same
 * codes (no duplicates) and nobody can guess them while the campaign runs. Disabled: the plain URL, logged.
 */
@ApplicationScoped
public class CampaignLinks {

    private static final Logger LOG = Logger.getLogger(CampaignLinks.class);
    /** 12 bytes of the HMAC, base64url: 16 characters, 96 bits, as metrics-service's own generated codes. */
    private static final int CODE_BYTES = 12;

    private final MetricsLinksClient metrics;
    private final QuizConfig.Links config;
    private final String publicBase;

    public CampaignLinks(MetricsLinksClient metrics, QuizConfig config) {
        this.metrics = metrics;
        this.config = config.links();
        this.publicBase = this.config.publicBase().replaceAll("/+$", "");
    }

    /**
     * The campaign's pools with {@link PoolSpec#link} set (pools without a URL get none).
     *
     * @throws io.crowdsurf.quiz.client.LinkRegistrationException short links on and metrics-service unreachable
     */
    public List<PoolSpec> resolve(Campaign c) {
        List<PoolSpec> out = new ArrayList<>(c.pools().size());
        for (PoolSpec p : c.pools()) {
            if (p.url() == null) {
                out.add(p.withLink(null));
            } else if (!config.enabled()) {
                out.add(p.withLink(p.url()));
            } else {
                String code = code(c.seed(), p.id(), p.url());
                metrics.register(code, p.url(), c.id(), config.site().orElse(null));
                out.add(p.withLink(publicBase + "/l/" + code));
            }
        }
        if (!config.enabled() && c.pools().stream().anyMatch(p -> p.url() != null)) {
            LOG.warnf("campaign %s: short links are disabled (quiz.links.enabled=false); ticket messages carry the "
                    + "plain URLs and clicks from chats are not counted", c.id());
        }
        return out;
    }

    static String code(String seed, String poolId, String url) {
        byte[] h = Hmac.sha256(seed, ("link|" + poolId + "|" + url).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, CODE_BYTES));
    }
}
