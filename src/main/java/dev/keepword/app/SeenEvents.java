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
    java.util.List<Boolean> acceptedAll(String platform, java.util.List<Arrival> events, Instant at);

    /** The event's work is done; a restart will not handle it again. */
    void handled(String platform, String workspaceId, String eventId, Instant at);

    /** An accepted event whose work may not have been done (the process stopped first). */
    record Pending(String workspaceId, String eventId, String payload, Instant receivedAt) {
    }

    /** Accepted events not yet handled, received between {@code after} and {@code before}, oldest first. */
    java.util.List<Pending> unhandled(String platform, Instant after, Instant before);

    /** Forgets events received before {@code before}; returns how many. Platforms retry for minutes, not days. */
    int forgetBefore(Instant before);
}
