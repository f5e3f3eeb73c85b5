package dev.keepword.app;

import java.time.Instant;

/**
 * Remembers which inbound platform events were already handled, so a platform's retries (Slack re-sends an event
 * it thinks was lost) change nothing. Backed by a unique key in the database, so it holds across instances.
 */
public interface SeenEvents {
    /** Records the event; true the first time it is seen, false for every repeat. */
    boolean firstTime(String platform, String workspaceId, String eventId, Instant at);

    /**
     * Records the event with its payload, to be handled after the platform has had its answer: true the first time
     * (the payload is then safe until {@link #handled}), false for a repeat.
     */
    boolean accepted(String platform, String workspaceId, String eventId, String payload, Instant at);

    /** One event to record with its payload, see {@link #acceptedAll}. */
    record Arrival(String workspaceId, String eventId, String payload) {
    }

    /**
     * Records several events with their payloads at once (one transaction, one commit, when none is a repeat); for
     * each, in order, true the first time and false for a repeat, as {@link #accepted} would say.
     */
    default java.util.List<Boolean> acceptedAll(String platform, java.util.List<Arrival> events, Instant at) {
        return acceptedAll(platform, events, at, null, null);
    }

    /**
     * As {@link #acceptedAll(String, java.util.List, Instant)}, each new one claimed by {@code node} until
     * {@code leaseUntil}: no other process takes it before then (see {@link #claim}).
     */
    java.util.List<Boolean> acceptedAll(String platform, java.util.List<Arrival> events, Instant at, String node,
                                        Instant leaseUntil);

    /**
     * Claims for {@code node}, until {@code leaseUntil}, up to {@code limit} accepted events not yet handled, received
     * after {@code after} and up to {@code before}, that no other process holds at {@code now} (never claimed, or their
     * lease ran out) and that {@code node} does not hold already; oldest first. Concurrent claimers get disjoint sets.
     */
    java.util.List<Pending> claim(String platform, String node, Instant after, Instant before, Instant now,
                                  Instant leaseUntil, int limit);

    /** Extends {@code node}'s leases on the events it holds and has not handled; returns how many. */
    int renew(String platform, String node, Instant leaseUntil);

    /** Gives up {@code node}'s claims on events it has not handled (a clean stop), so another takes them at once. */
    int release(String platform, String node);

    /** The event's work is done; a restart will not handle it again. */
    void handled(String platform, String workspaceId, String eventId, Instant at);

    /** An accepted event whose work may not have been done (the process stopped first). */
    record Pending(String workspaceId, String eventId, String payload, Instant receivedAt) {
    }

    /** Accepted events not yet handled, received between {@code after} and {@code before}, oldest first. */
    java.util.List<Pending> unhandled(String platform, Instant after, Instant before);

    /** Forgets events received before {@code before}; returns how many. Platforms retry for minutes, not days. */
    int forgetBefore(Instant before);

    /** Deletes one stored event (stored after its sender had been told it was not taken), as if it never came. */
    void forget(String platform, String workspaceId, String eventId);

    /**
     * What handling an item already did: its answer as {@link #effected} stored it, and whether that answer was sent
     * ({@link #answered}).
     */
    record Effects(String answer, boolean answered) {
    }

    /**
     * The recorded effects of handling an item, if it was handled before (inside the caller's transaction). A store
     * that keys no effects (a test's) always says none.
     */
    default java.util.Optional<Effects> effects(String platform, String workspaceId, String eventId) {
        return java.util.Optional.empty();
    }

    /**
     * Records, inside the caller's transaction (the one that applied the item's effects), that the item was handled and
     * what it answered. Fails with a duplicate key when another handling of the same item recorded it first.
     */
    default void effected(String platform, String workspaceId, String eventId, String answer, Instant at) {
    }

    /** The answer of a handled item was sent (or given up on): handling the item again sends nothing. */
    default void answered(String platform, String workspaceId, String eventId, Instant at) {
    }

    /** Whether the store answers a trivial query now (false while the database is down); never throws. */
    default boolean answers() {
        return true;
    }
}
