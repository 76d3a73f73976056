package io.crowdsurf.quiz.service;

/** No campaign with this id. REST answers 404. */
public class CampaignNotFoundException extends RuntimeException {

    public CampaignNotFoundException(String campaignId) {
        super("no campaign " + campaignId);
    }
}
