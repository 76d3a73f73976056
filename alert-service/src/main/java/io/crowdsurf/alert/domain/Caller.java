package io.crowdsurf.alert.domain;

/**
 * Who calls the alert API: the admin ({@code CROWDSURF_ADMIN_TOKEN}) or the owner of a conversation, proven by the
 * signed token of their {@code /alerts} link.
 */
public record Caller(boolean admin, Owner owner) {

    public static Caller ofAdmin() {
        return new Caller(true, null);
    }

    public static Caller ofOwner(Owner owner) {
        return new Caller(false, owner);
    }

    public boolean mayAccess(Alert alert) {
        return admin || owner.conversationId().equals(alert.owner().conversationId());
    }
}
