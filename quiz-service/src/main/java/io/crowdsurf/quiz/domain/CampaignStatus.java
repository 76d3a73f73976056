package io.crowdsurf.quiz;

/** A campaign's life: prepared as a draft, open to fans between its start and end, then closed for good. */
public enum CampaignStatus {
    DRAFT, OPEN, CLOSED
}
