package io.crowdsurf.alert.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowdsurf.alert.config.AlertConfig;
import io.crowdsurf.alert.domain.Alert;
import io.crowdsurf.alert.domain.Caller;
import io.crowdsurf.alert.domain.Conditions;
import io.crowdsurf.alert.domain.Location;
import io.crowdsurf.alert.domain.Owner;
import io.crowdsurf.alert.persistence.AlertRepository;
import io.crowdsurf.alert.persistence.ForecastRepository;

/**
 * Create, read, update, delete and list alerts. The admin may act for any conversation (naming the owner); an
 * owner acts for the conversation of their link token only — an owner named in the body must be that one.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final ForecastRepository forecasts;
    private final Clock clock;
    private final int maxPerOwner;

    public AlertService(AlertRepository alerts, ForecastRepository forecasts, Clock clock, AlertConfig config) {
        this.alerts = alerts;
        this.forecasts = forecasts;
        this.clock = clock;
        this.maxPerOwner = config.maxAlertsPerOwner();
    }

    /** What the API needs to create or replace an alert; validated by the REST layer. */
    public record Draft(String nickname, Owner owner, String webhookUrl, Location location, Conditions conditions) {
    }

    public Alert create(Caller caller, Draft draft) {
        Owner owner = ownerFor(caller, draft.owner());
        if (alerts.idsOfOwner(owner.conversationId()).size() >= maxPerOwner) {
            throw AlertProblems.conflict("this conversation already has " + maxPerOwner + " alerts; delete one first");
        }
        Instant now = clock.instant();
        Alert alert = new Alert(UUID.randomUUID().toString(), draft.nickname(), owner, draft.webhookUrl(),
                draft.location(), draft.conditions(), now, now);
        alerts.insert(alert);
        return alert;
    }

    public Alert get(Caller caller, String id) {
        return alerts.find(id).filter(caller::mayAccess).orElseThrow(() -> AlertProblems.notFound(id));
    }

    public Alert update(Caller caller, String id, Draft draft) {
        Alert before = get(caller, id);
        if (draft.owner() != null && !draft.owner().conversationId().equals(before.owner().conversationId())) {
            throw AlertProblems.invalid("owner", "an alert cannot move to another conversation; create a new one");
        }
        Alert after = new Alert(before.id(), draft.nickname(), before.owner(), draft.webhookUrl(), draft.location(),
                draft.conditions(), before.createdAt(), clock.instant());
        alerts.replace(before, after);
        return after;
    }

    public void delete(Caller caller, String id) {
        alerts.delete(get(caller, id));
    }

    /** The caller's alerts; the admin names the conversation. */
    public List<Alert> list(Caller caller, String conversationId) {
        String conversation;
        if (caller.admin()) {
            if (conversationId == null || conversationId.isBlank()) {
                throw AlertProblems.invalid("conversationId", "name the owner's conversationId");
            }
            conversation = conversationId;
        } else {
            conversation = caller.owner().conversationId();
        }
        return alerts.findAll(alerts.idsOfOwner(conversation)).values().stream()
                .filter(a -> a.owner().conversationId().equals(conversation))
                .sorted(java.util.Comparator.comparing(Alert::createdAt).thenComparing(Alert::id)).toList();
    }

    /** The time zone each alert is evaluated in: its own, else the one the forecast gave for its cell. */
    public Map<String, String> timeZones(List<Alert> list) {
        Map<String, String> byCell = forecasts.timezones(list.stream().map(a -> a.cell().key()).distinct().toList());
        Map<String, String> out = new java.util.HashMap<>();
        for (Alert a : list) {
            Optional.ofNullable(a.location().timeZone()).or(() -> Optional.ofNullable(byCell.get(a.cell().key())))
                    .ifPresent(z -> out.put(a.id(), z));
        }
        return out;
    }

    private static Owner ownerFor(Caller caller, Owner named) {
        if (caller.admin()) {
            if (named == null) {
                throw AlertProblems.invalid("owner", "owner is required: the conversation to notify");
            }
            return named;
        }
        if (named != null && !named.conversationId().equals(caller.owner().conversationId())) {
            throw AlertProblems.forbidden("your link may create alerts for its own conversation only");
        }
        return caller.owner();
    }
}
