package io.crowdsurf.quiz.service;

import java.time.Instant;
import java.util.List;

import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.Messages;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Question;
import io.crowdsurf.quiz.domain.Selection;

/**
 * What an administrator asks for when creating or replacing a campaign; the REST layer builds it from its
 * request body, and {@link CampaignValidator} checks it.
 *
 * @param id              optional on create: generated from the name if absent
 * @param requiredCorrect how many answers must be right to win; null = all of them
 * @param messages        texts; any left out use the defaults
 */
public record CampaignCommand(
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
}
