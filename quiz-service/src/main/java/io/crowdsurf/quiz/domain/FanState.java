package io.crowdsurf.quiz;

/**
 * Where a fan is in a campaign. A fan without a document is "new".
 * <pre>
 * new ─┬─ instant, not drawn ──────────────► NOT_SELECTED
 *      ├─ instant, drawn ──► ASKING(k) ─┬─► LOST
 *      └─ scheduled ► ENTERED ─ draw ─┘  └─► CHOOSING_POOL ─► ISSUING ─┬─► TICKET_ISSUED
 *                                         (one pool: straight to ISSUING) └─► CHOOSING_POOL (other pool) | SOLD_OUT
 * </pre>
 */
public enum FanState {
    NOT_SELECTED,
    ENTERED,
    ASKING,
    CHOOSING_POOL,
    /** Won and claiming a ticket from {@code poolId}; the claim is finished before anything else happens. */
    ISSUING,
    TICKET_ISSUED,
    LOST,
    SOLD_OUT;

    /** Nothing more can happen to the fan in this campaign. */
    public boolean finished() {
        return this == NOT_SELECTED || this == TICKET_ISSUED || this == LOST || this == SOLD_OUT;
    }
}
