package dev.keepword.app;

import java.time.Instant;
import java.util.Optional;

/** Who was shown an engagement's working agreement, and who acknowledged it. */
public interface Acknowledgements {
    record Ack(Instant shownAt, Instant agreedAt) {
        public boolean agreed() {
            return agreedAt != null;
        }
    }

    Optional<Ack> find(String workspaceId, String channelId, String userId);

    void shown(String workspaceId, String channelId, String userId, Instant at);

    void agreed(String workspaceId, String channelId, String userId, Instant at);
}
