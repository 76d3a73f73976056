package io.crowdsurf.quiz.service;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.crowdsurf.events.Service;
import io.crowdsurf.quiz.domain.Campaign;
import io.crowdsurf.quiz.domain.CampaignStats;
import io.crowdsurf.quiz.domain.CampaignStatus;
import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.Draw;
import io.crowdsurf.quiz.domain.FairDraw;
import io.crowdsurf.quiz.domain.FanCounts;
import io.crowdsurf.quiz.domain.PoolInventory;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Ticket;
import io.crowdsurf.quiz.domain.TicketCodes;
import io.crowdsurf.quiz.persistence.CampaignRepository;
import io.crowdsurf.quiz.persistence.FanRepository;
import io.crowdsurf.quiz.persistence.PoolRepository;
import io.crowdsurf.quiz.persistence.TicketRepository;

/** Campaign administration: create, replace, open, close, stats. */
@ApplicationScoped
public class CampaignService {

    private static final Logger LOG = Logger.getLogger(CampaignService.class);
    /** The source an admin-made draw is keyed by, as if a draw event had come from the admin API. */
    static final String ADMIN_SOURCE = Service.QUIZ_SERVICE.source() + "/admin";

    private final CampaignRepository campaigns;
    private final PoolRepository pools;
    private final FanRepository fans;
    private final TicketRepository tickets;
    private final CampaignDirectory directory;
    private final DrawService draws;
    private final CampaignLinks links;
    private final Clock clock;

    public CampaignService(CampaignRepository campaigns, PoolRepository pools, FanRepository fans,
            TicketRepository tickets, CampaignDirectory directory, DrawService draws, CampaignLinks links,
            Clock clock) {
        this.clock = clock;
        this.links = links;
        this.campaigns = campaigns;
        this.pools = pools;
        this.fans = fans;
        this.tickets = tickets;
        this.directory = directory;
        this.draws = draws;
    }

    public Campaign create(CampaignCommand r) {
        CampaignValidator.validate(r);
        Instant now = clock.instant();
        String id = r.id() != null ? r.id() : newId(r.name());
        Campaign c = new Campaign(id, r.name().strip(), CampaignStatus.DRAFT, r.startsAt(), r.endsAt(), r.channels(),
                r.selection(), r.questions(), requiredCorrect(r), withoutLinks(r.pools()), r.messages(),
                FairDraw.newSeed(), 1, now, now);
        if (!campaigns.insert(c)) {
            throw new CampaignConflictException("campaign " + id + " already exists");
        }
        // After the campaign: a crash in between leaves counters to be created by open() or an update.
        r.pools().forEach(p -> pools.create(id, p));
        directory.invalidate();
        LOG.infof("campaign %s created", id);
        return c;
    }

    public Campaign get(String id) {
        return campaigns.find(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    public List<Campaign> list(CampaignStatus status) {
        return campaigns.list(status);
    }

    /**
     * Replaces the editable parts. Texts, name, dates, channels and pools may change at any time
     * (a pool's capacity not below what it already issued, a pool with tickets not removed); questions
     * and selection are frozen once a fan has played, so nobody's quiz changes under them.
     */
    public Campaign update(String id, CampaignCommand r) {
        CampaignValidator.validate(r);
        if (r.id() != null && !r.id().equals(id)) {
            CampaignValidator.fail("id", "cannot change (it is " + id + ")");
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            Campaign c = get(id);
            if (c.status() == CampaignStatus.CLOSED) {
                throw conflict("campaign " + id + " is closed; closed campaigns are final");
            }
            boolean played = fans.anyPlayed(id);
            if (played && (!c.questions().equals(r.questions()) || c.requiredCorrect() != requiredCorrect(r)
                    || !c.selection().equals(r.selection()))) {
                throw conflict("fans have played campaign " + id + "; questions, requiredCorrect and selection are frozen");
            }
            Set<String> kept = r.pools().stream().map(PoolSpec::id).collect(Collectors.toSet());
            for (PoolSpec old : c.pools()) {
                if (!kept.contains(old.id()) && pools.find(id, old.id()).map(PoolInventory::issued).orElse(0) > 0) {
                    CampaignValidator.fail("pools", "pool " + old.id() + " has issued tickets and cannot be removed");
                }
            }
            for (int i = 0; i < r.pools().size(); i++) {
                PoolSpec p = r.pools().get(i);
                if (!pools.resize(id, p)) {
                    CampaignValidator.fail("pools." + i + ".capacity", "is below the tickets already issued from "
                            + p.id());
                }
            }
            Campaign next = new Campaign(id, r.name().strip(), c.status(), r.startsAt(), r.endsAt(), r.channels(),
                    r.selection(), r.questions(), requiredCorrect(r), withoutLinks(r.pools()), r.messages(), c.seed(),
                    c.version() + 1, c.createdAt(), clock.instant());
            if (next.status() == CampaignStatus.OPEN) {
                // An open campaign's messages go out now: its (possibly new) event pages are registered first.
                next = withPools(next, links.resolve(next));
            }
            if (next.status() == CampaignStatus.OPEN) {
                checkNoOverlap(next);
            }
            if (campaigns.replace(next, c.version())) {
                directory.invalidate();
                return next;
            }
        }
        throw conflict("campaign " + id + " keeps changing; try again");
    }

    /** Opens a draft (or re-confirms an open campaign). At most one open campaign per bot at a time. */
    public Campaign open(String id) {
        return setStatus(id, CampaignStatus.OPEN);
    }

    /** Closes for good: messages get the "closed" text, the seed is published. */
    public Campaign close(String id) {
        return setStatus(id, CampaignStatus.CLOSED);
    }

    private Campaign setStatus(String id, CampaignStatus status) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Campaign c = get(id);
            if (c.status() == status) {
                return c;
            }
            if (c.status() == CampaignStatus.CLOSED) {
                throw conflict("campaign " + id + " is closed; closed campaigns are final");
            }
            // Opening registers the pools' short links first (metrics-service away: 503, the campaign stays a draft).
            List<PoolSpec> withLinks = status == CampaignStatus.OPEN ? links.resolve(c) : c.pools();
            Campaign next = new Campaign(c.id(), c.name(), status, c.startsAt(), c.endsAt(), c.channels(),
                    c.selection(), c.questions(), c.requiredCorrect(), withLinks, c.messages(), c.seed(),
                    c.version() + 1, c.createdAt(), clock.instant());
            if (status == CampaignStatus.OPEN) {
                checkNoOverlap(next);
                c.pools().forEach(p -> pools.create(id, p));
            }
            if (campaigns.replace(next, c.version())) {
                directory.invalidate();
                LOG.infof("campaign %s is now %s", id, status);
                return next;
            }
        }
        throw conflict("campaign " + id + " keeps changing; try again");
    }

    /** {@link PoolSpec#link} is quiz-service's to set (at open): whatever a request carried is dropped. */
    private static List<PoolSpec> withoutLinks(List<PoolSpec> pools) {
        return pools.stream().map(p -> p.withLink(null)).toList();
    }

    private static Campaign withPools(Campaign c, List<PoolSpec> pools) {
        return new Campaign(c.id(), c.name(), c.status(), c.startsAt(), c.endsAt(), c.channels(), c.selection(),
                c.questions(), c.requiredCorrect(), pools, c.messages(), c.seed(), c.version(), c.createdAt(),
                c.updatedAt());
    }

    public Map<String, PoolInventory> inventory(String campaignId) {
        Map<String, PoolInventory> out = new HashMap<>();
        pools.forCampaign(campaignId).forEach(p -> out.put(p.poolId(), p));
        return out;
    }

    public CampaignStats stats(String id) {
        Campaign c = get(id);
        Map<String, PoolInventory> inv = inventory(id);
        List<CampaignStats.Pool> poolStats = c.pools().stream().map(p -> {
            PoolInventory i = inv.get(p.id());
            return new CampaignStats.Pool(p.id(), p.name(), i == null ? p.capacity() : i.capacity(),
                    i == null ? p.capacity() : i.remaining(), tickets.count(id, p.id()),
                    tickets.countCheckedIn(id, p.id()));
        }).toList();
        FanCounts f = fans.stats(id);
        return new CampaignStats(id, f.entrants(), f.waiting(), f.selected(), f.notSelected(), f.answered(), f.won(),
                f.lost(), f.soldOut(),
                poolStats.stream().mapToLong(CampaignStats.Pool::issued).sum(),
                poolStats.stream().mapToLong(CampaignStats.Pool::checkedIn).sum(),
                poolStats);
    }

    /** An admin-triggered draw (scheduled mode); {@code drawId} makes a retried request idempotent. */
    public Draw draw(String id, String drawId, int count) {
        Campaign c = get(id);
        if (!c.activeAt(clock.instant())) {
            throw conflict("campaign " + id + " is not open now");
        }
        try {
            return draws.run(c, drawId, ADMIN_SOURCE, count);
        } catch (IllegalArgumentException e) {
            throw conflict(e.getMessage());
        }
    }

    /** Every ticket of the campaign in award order, streamed (the export may be large). */
    public void tickets(String id, Consumer<Ticket> each) {
        tickets.forCampaign(id, each);
    }

    private void checkNoOverlap(Campaign next) {
        for (Channel ch : next.channels()) {
            for (Campaign other : campaigns.forChannel(ch.platform(), ch.botId())) {
                if (!other.id().equals(next.id()) && other.status() == CampaignStatus.OPEN
                        && other.startsAt().isBefore(next.endsAt()) && next.startsAt().isBefore(other.endsAt())) {
                    throw conflict("campaign " + other.id() + " is open on " + ch.platform().id() + " bot "
                            + ch.botId() + " at the same time; close it first");
                }
            }
        }
    }

    private static int requiredCorrect(CampaignCommand r) {
        return Objects.requireNonNullElse(r.requiredCorrect(), r.questions().size());
    }

    private static String newId(String name) {
        String slug = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 30) {
            slug = slug.substring(0, 30).replaceAll("-+$", "");
        }
        String suffix = TicketCodes.next().substring(0, 6).toLowerCase(Locale.ROOT);
        return slug.isEmpty() ? "campaign-" + suffix : slug + "-" + suffix;
    }

    private static CampaignConflictException conflict(String detail) {
        return new CampaignConflictException(detail);
    }
}
