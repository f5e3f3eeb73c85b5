package dev.keepword.app;

import java.time.Instant;
import java.util.Optional;

/** When each person was last heard from: the raw material of silence detection. */
public interface Sightings {
    /** Records that the person was heard from at {@code at} (an earlier time never overwrites a later one). */
    void heard(String workspaceId, String userId, Instant at);

    Optional<Instant> lastHeard(String workspaceId, String userId);
}
