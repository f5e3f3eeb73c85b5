package dev.keepword.app;

import dev.keepword.domain.Party;

import java.util.Optional;

/** The people Keepword knows, with their names, zones and working hours. */
public interface Parties {
    Optional<Party> find(String workspaceId, String userId);

    void save(Party party);

    /** Everyone known in the workspace, by id. */
    java.util.List<Party> all(String workspaceId);
}
