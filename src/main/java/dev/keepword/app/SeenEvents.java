package dev.keepword.app;

import java.time.Instant;

/**
 * Remembers which inbound platform events were already handled, so a platform's retries (Slack re-sends an event
 * it thinks was lost) change nothing. Backed by a unique key in the database, so it holds across instances.
 */
public interface SeenEvents {
    /** Records the event; true the first time it is seen, false for every repeat. */
    boolean firstTime(String platform, String workspaceId, String eventId, Instant at);

    /** Forgets events received before {@code before}; returns how many. Platforms retry for minutes, not days. */
    int forgetBefore(Instant before);
}
