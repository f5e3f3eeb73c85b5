package dev.keepword.app;

import dev.keepword.domain.Standing;

import java.time.Instant;
import java.util.Optional;

/** Each party's recorded standing, so a change can be noticed, announced once, and shown with its date. */
public interface Standings {
    record Recorded(Standing.Level level, Instant since) {
    }

    Optional<Recorded> find(String workspaceId, String userId);

    void record(String workspaceId, String userId, Standing.Level level, Instant since);
}
