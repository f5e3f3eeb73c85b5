package dev.keepword.app;

import dev.keepword.domain.Party;

import java.util.Optional;

/**
 * The chat platform's view of a person (Slack's {@code users.info}, the console's demo roster). Asked only
 * when Keepword meets someone it has not stored yet.
 */
public interface Directory {
    Optional<Party> lookup(String workspaceId, String userId);
}
