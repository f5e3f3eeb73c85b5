package dev.keepword.app;

import java.util.Optional;

/**
 * Where each workspace's bot credentials come from: one configured token (single-workspace mode) or, with OAuth,
 * the installations stored in the database. Chat adapters ask it for every outbound call.
 */
public interface Installations {
    Optional<String> botToken(String workspaceId);

    /** One configured token for whatever workspace asks: single-workspace mode. */
    static Installations single(String botToken) {
        return workspaceId -> Optional.of(botToken);
    }
}
