package io.crowdsurf.quiz.service;

/** The campaign's current state does not allow the change (closed, played, overlapping, racing). REST answers 409. */
public class CampaignConflictException extends RuntimeException {

    public CampaignConflictException(String detail) {
        super(detail);
    }
}
