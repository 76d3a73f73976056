package io.crowdsurf.quiz.rest;

import java.time.Instant;
import java.util.List;

import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.Messages;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Question;
import io.crowdsurf.quiz.domain.Selection;
import io.crowdsurf.quiz.service.CampaignCommand;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Create or replace a campaign. Unknown fields are rejected (a misspelt "probabilty" must not silently
 * become the default).
 *
 * @param id              optional on create: {@code [a-z0-9][a-z0-9-]{0,39}}; generated from the name if absent
 * @param requiredCorrect how many answers must be right to win; default: all of them
 * @param messages        texts; any left out use the defaults
 */
@RegisterForReflection
public record CampaignRequest(
        String id,
        String name,
        Instant startsAt,
        Instant endsAt,
        List<Channel> channels,
        Selection selection,
        List<Question> questions,
        Integer requiredCorrect,
        List<PoolSpec> pools,
        Messages messages) {

    /** The service's command for this request. */
    public CampaignCommand toCommand() {
        return new CampaignCommand(id, name, startsAt, endsAt, channels, selection, questions, requiredCorrect, pools,
                messages);
    }
}
